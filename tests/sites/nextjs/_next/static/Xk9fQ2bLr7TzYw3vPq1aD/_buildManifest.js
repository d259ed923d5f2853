self.__BUILD_MANIFEST={"/":["static/chunks/pages/index-2b7e8c9d0a1f3e4d.js"],"sortedPages":["/"]};self.__BUILD_MANIFEST_CB&&self.__BUILD_MANIFEST_CB();
