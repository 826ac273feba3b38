/** naive-ui's dark theme in a module of its own, so it can be loaded when first needed. */
export { darkTheme } from 'naive-ui'
