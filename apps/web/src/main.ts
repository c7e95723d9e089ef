import './api/zod-without-eval'
import { createWebHistory } from 'vue-router'
import { createAdminApi } from './api/admin-api'
import { createHttpClient } from './api/http-client'
import { createConsoleApp } from './create-console-app'
import './styles/theme.css'
import './styles/base.css'

const http = createHttpClient({ locale: () => document.documentElement.lang })
const { app } = await createConsoleApp(createAdminApi(http), createWebHistory())
app.mount('#app')
