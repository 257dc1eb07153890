import 'element-plus/dist/index.css';
import './styles/main.css';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { currentLocale, i18n, setLocale } from './locales';
import { router } from './router';

setLocale(currentLocale());

// Pinia first: the router's guard uses the session store on the first navigation.
createApp(App).use(createPinia()).use(i18n).use(ElementPlus).use(router).mount('#app');
