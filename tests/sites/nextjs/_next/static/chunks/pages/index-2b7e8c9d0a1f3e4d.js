document.documentElement.dataset.page="index";
