export default function HomePage() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight text-brand-900">Curriculab</h1>
      <p className="mt-4 text-lg text-slate-700">Course registration for students, instructors and registrars.</p>
    </main>
  );
}
