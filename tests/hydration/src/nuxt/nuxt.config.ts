// Hydration fixture for jamdeploy's HTML minifier tests.
// Built with `nuxt generate`; everything is served from '/', nothing from another origin.
export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  ssr: true,
  telemetry: false,
  devtools: { enabled: false },
  sourcemap: { server: false, client: false },
  app: {
    baseURL: '/',
    head: {
      htmlAttrs: { lang: 'en' },
      title: 'Hydration Fixture',
      meta: [{ name: 'description', content: 'A tiny Nuxt site used as a jamdeploy test fixture' }]
    }
  }
})
