'use client';

import { BusyNotice } from '@/app/_components/busy-notice';

/** A page below the signed-in layout that failed (the database busy, mostly): the header stays, the notice replaces the page. */
export default function SignedInError() {
  return <BusyNotice />;
}
