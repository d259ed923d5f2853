(function(){self.__loadChunk("42").then(function(){self.__chunk42(document.getElementById("chunk-out"));});})();
