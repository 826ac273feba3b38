export function renderPng(svg: Buffer | string, size: number): Buffer
export function icoFromPngs(entries: Array<{ size: number; png: Buffer }>): Buffer
export const ICNS_TYPES: Array<[string, number]>
export function icnsFromPngs(entries: Array<{ type: string; png: Buffer }>): Buffer
export const PNG_SIZES: number[]
export const ICO_SIZES: number[]
