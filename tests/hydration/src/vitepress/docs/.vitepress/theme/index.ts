// Default theme without the bundled Inter font files (keeps the fixture small).
import DefaultTheme from 'vitepress/theme-without-fonts'

export default DefaultTheme
