/** Starts the renderer: pinia, i18n, router, then mounts the app. */
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { CLIENT_KEY } from './composables/use-client'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { useApi } from './services/transport'
import { useSyncStore } from './stores/sync'
import '@fontsource-variable/noto-sans-tc'
import './styles.css'

const app = createApp(App)
app.provide(CLIENT_KEY, useApi())
app.use(createPinia())
app.use(createAppI18n())
app.use(createAppRouter())
void useSyncStore().start()
app.mount('#app')
