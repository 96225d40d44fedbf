import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div className="flex flex-col items-center gap-3 text-center">
        <h1 className="text-2xl font-semibold">Page not found</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Template pages look like /templates/subscriptions/…/imageTemplates/&lt;name&gt;.
        </p>
        <Link href="/" className="text-sky-800 underline dark:text-sky-300">
          All image templates
        </Link>
      </div>
    </main>
  );
}
