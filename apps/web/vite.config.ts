import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Vendor chunks. Groups also take in their dependencies, so higher priorities claim first:
// - react (+ router) first, so that antd does not swallow react-dom;
// - echarts (工作台 chart) and maplibre-gl (组织机构 map) are only reached through lazy routes;
// - antd is split in two: what the shell (login, layout) needs at start ('$initial'), and the rest
//   (table, pickers, tree, upload, …) which loads with the first page that uses it.
const ANTD = /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis|dayjs|classnames|clsx|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|json2mq|string-convert|copy-to-clipboard|toggle-selection)[\\/]/;
const VENDOR_GROUPS = [
  { name: 'vendor-react', test: /[\\/]node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/, priority: 50 },
  { name: 'vendor-maplibre', test: /[\\/]node_modules[\\/](maplibre-gl|@maplibre|@mapbox)[\\/]/, priority: 40 },
  { name: 'vendor-echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 40 },
  { name: 'vendor-antd', test: ANTD, tags: ['$initial' as const], priority: 30 },
  { name: 'vendor-antd-extra', test: ANTD, priority: 20 },
];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // maplibre-gl ships as one pre-minified ~1 MB module; it is isolated in its own lazily loaded chunk.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: VENDOR_GROUPS,
        },
      },
    },
  },
});
