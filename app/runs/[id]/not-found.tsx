import Link from "next/link";

/** /runs/{id} for an id no stored run has: a 404 that says so, with the way back and no downloads. */
export default function RunNotFound() {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 p-8">
      <h1 className="text-2xl font-bold text-slate-900" data-testid="run-not-found">
        No run has this id
      </h1>
      <p className="text-slate-800">The link may be mistyped, or the run was stored on another server.</p>
      <Link href="/" prefetch={false} className="focus-ring btn-primary self-start">
        Open the playground
      </Link>
    </main>
  );
}
