import Link from 'next/link';
import Toggle from '../Toggle';

export const metadata = { title: 'About · jamdeploy hydration fixture' };

export default function About() {
  return (
    <article>
      <h1 id="about-title">About</h1>
      <p>This page has a toggle rendered by a client component.</p>
      <Toggle />
      <p>
        Back <Link id="home" href="/">home</Link> or read the <Link href="/docs/">docs</Link>.
      </p>
    </article>
  );
}
