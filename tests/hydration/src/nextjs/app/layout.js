import './globals.css';

export const metadata = {
  title: 'jamdeploy hydration fixture (Next.js)',
  description: 'A tiny Next.js static export used to test that minification keeps the hydrated DOM intact.',
  icons: { icon: '/img/photo.png' },
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <header>
          <nav className="topnav">
            <a href="/">Home</a> · <a href="/about/">About</a> · <a href="/docs/">Docs</a>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
