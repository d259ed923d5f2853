import { defineConfig } from 'vitepress'

// Hydration fixture for jamdeploy's HTML minifier tests.
// Everything is served from '/', nothing is loaded from another origin.
export default defineConfig({
  base: '/',
  lang: 'en-US',
  title: 'Hydration Fixture',
  description: 'A tiny VitePress site used as a jamdeploy test fixture',
  cleanUrls: false,
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Home', link: '/' },
      { text: 'About', link: '/about' },
      { text: 'Guide', link: '/guide' }
    ],
    sidebar: [
      {
        text: 'Pages',
        items: [
          { text: 'Home', link: '/' },
          { text: 'About', link: '/about' },
          { text: 'Guide', link: '/guide' }
        ]
      }
    ]
  },
  vite: {
    build: { sourcemap: false }
  }
})
