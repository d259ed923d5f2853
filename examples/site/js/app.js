// A little progressive enhancement: mark the current page's link.
(function () {
  'use strict';
  var links = document.querySelectorAll('nav a');
  for (var i = 0; i < links.length; i++) {
    if (links[i].pathname === window.location.pathname) {
      links[i].setAttribute('aria-current', 'page');
    }
  }
})();
