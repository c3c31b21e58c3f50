/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** 勤务指挥室 base map: raster tile URL(s) with {z}/{x}/{y}, comma-separated for subdomains; unset = offline (jurisdictions only). */
  readonly VITE_MAP_TILE_URL?: string;
  /** Attribution shown for those tiles (e.g. 天地图 审图号). */
  readonly VITE_MAP_TILE_ATTRIBUTION?: string;
}
