-- [starts_at, ends_at): back-to-back meetings (9:00–9:50, 9:50–10:40) do not overlap.
CREATE TYPE meeting_time_range AS RANGE (subtype = time, subtype_diff = meeting_time_diff);
