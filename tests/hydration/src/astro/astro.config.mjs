import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';

export default defineConfig({
	integrations: [svelte()],
	trailingSlash: 'always',
	build: { format: 'directory' },
	vite: { build: { sourcemap: false } }
});
