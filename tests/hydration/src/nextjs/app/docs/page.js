import Link from 'next/link';

export const metadata = { title: 'Docs · jamdeploy hydration fixture' };

const steps = ['install', 'build', 'deploy'];

export default function Docs() {
  return (
    <article>
      <h1>Docs</h1>
      <p>
        A static page with {steps.length} steps and <strong>no</strong> client components.
      </p>
      <ol>
        {steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      <p>
        <Link href="/">Home</Link>
      </p>
    </article>
  );
}
