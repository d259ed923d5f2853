self.__chunk42=function(el){el.textContent="chunk 42 loaded";var i=new Image();i.width=20;i.height=20;i.alt="lazy";i.src="/images/lazy.png";el.appendChild(i);};
