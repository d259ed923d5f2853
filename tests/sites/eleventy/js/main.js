import { greet } from "./util.js";
document.getElementById("js-out").textContent = greet("module");
