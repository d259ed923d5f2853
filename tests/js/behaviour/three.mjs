// three.mjs FILE - imports three.js's module build (FILE: build/three.module.js, which imports
// ./three.core.js beside it; the runner minifies both) and drives its math, curves, shapes and
// geometries, the scene graph, raycasting, cameras, animation, JSON round trips and the shader
// sources, printing the results (see lib.cjs for the rules of the output).
import { createRequire } from 'module';
import { pathToFileURL } from 'url';
const require = createRequire(import.meta.url);
const { show, repr, run } = require('./lib.cjs');

// A short fingerprint of a long array or string: length, sums weighted by position, and a
// few values, so that any change shows without printing megabytes.
function digest(a) {
	if (typeof a === 'string') {
		let h = 0;
		for (let i = 0; i < a.length; i++) h = (Math.imul(h, 31) + a.charCodeAt(i)) | 0;
		return 'str(' + a.length + ',' + h + ')';
	}
	let s = 0, w = 0;
	for (let i = 0; i < a.length; i++) { s += a[i]; w += a[i] * ((i % 97) + 1); }
	return 'arr(' + a.length + ',' + s + ',' + w + ',' + repr(Array.from(a.slice(0, 6))) + ')';
}
const v = (x) => (x && typeof x.toArray === 'function' ? x.toArray() : x);

run(async () => {
	const THREE = await import(pathToFileURL(process.argv[2]).href);
	show('revision', THREE.REVISION);
	show('exports', Object.keys(THREE).length);

	// Vectors, matrices, quaternions, eulers
	const a = new THREE.Vector3(1, 2, 3), b = new THREE.Vector3(-4, 0.5, 2);
	show('vector3', [v(a.clone().add(b)), v(a.clone().cross(b)), a.dot(b), a.length(), a.distanceTo(b), v(a.clone().normalize()), v(a.clone().lerp(b, 0.25)), v(a.clone().projectOnVector(b)), v(a.clone().reflect(b.clone().normalize())), a.angleTo(b), v(a.clone().applyAxisAngle(new THREE.Vector3(0, 1, 0), 0.7)), v(a.clone().clampLength(0, 2)), v(a.clone().multiplyScalar(-1.5).floor()), a.manhattanLength(), v(new THREE.Vector3().setFromSphericalCoords(2, 0.3, 1.1))]);
	show('vector2/4', [v(new THREE.Vector2(3, 4).rotateAround(new THREE.Vector2(1, 1), 0.5)), new THREE.Vector2(3, 4).angle(), v(new THREE.Vector4(1, 2, 3, 4).applyMatrix4(new THREE.Matrix4().makeRotationZ(0.3))), v(new THREE.Vector4().setAxisAngleFromQuaternion(new THREE.Quaternion(0.1, 0.2, 0.3, 0.9).normalize()))]);
	const m = new THREE.Matrix4().compose(new THREE.Vector3(1, -2, 3), new THREE.Quaternion().setFromEuler(new THREE.Euler(0.1, 0.2, 0.3, 'ZXY')), new THREE.Vector3(2, 2, 0.5));
	const pos = new THREE.Vector3(), quat = new THREE.Quaternion(), scl = new THREE.Vector3();
	m.decompose(pos, quat, scl);
	show('matrix4', [m.toArray(), m.determinant(), m.clone().invert().toArray(), m.clone().transpose().toArray(), v(pos), v(quat), v(scl), m.getMaxScaleOnAxis(), new THREE.Matrix4().lookAt(a, b, new THREE.Vector3(0, 1, 0)).toArray(), new THREE.Matrix4().makePerspective(-1, 1, 1, -1, 0.1, 100).toArray(), new THREE.Matrix4().makeOrthographic(-2, 2, 1, -1, 0, 10).toArray(), new THREE.Matrix4().makeShear(0.1, 0.2, 0.3, 0.4, 0.5, 0.6).toArray()]);
	show('matrix3', [new THREE.Matrix3().getNormalMatrix(m).toArray(), new THREE.Matrix3().setUvTransform(0.1, 0.2, 2, 3, 0.5, 0.5, 0.5).toArray(), new THREE.Matrix3().set(2, 0, 1, 1, 3, 0, 0, 1, 4).invert().toArray()]);
	const q1 = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(1, 1, 0).normalize(), 1.2), q2 = new THREE.Quaternion().setFromUnitVectors(new THREE.Vector3(1, 0, 0), new THREE.Vector3(0, 0, 1));
	show('quaternion', [v(q1), v(q2), v(q1.clone().multiply(q2)), v(q1.clone().slerp(q2, 0.3)), q1.angleTo(q2), v(q1.clone().invert()), v(q1.clone().rotateTowards(q2, 0.1)), v(new THREE.Euler().setFromQuaternion(q1, 'YXZ'))]);
	for (const order of ['XYZ', 'YXZ', 'ZXY', 'ZYX', 'YZX', 'XZY']) show('euler ' + order, v(new THREE.Euler().setFromRotationMatrix(m, order)));
	show('mathutils', [THREE.MathUtils.clamp(5, 0, 3), THREE.MathUtils.mapLinear(5, 0, 10, 100, 200), THREE.MathUtils.smoothstep(0.3, 0, 1), THREE.MathUtils.smootherstep(0.3, 0, 1), THREE.MathUtils.degToRad(90), THREE.MathUtils.euclideanModulo(-7, 3), THREE.MathUtils.ceilPowerOfTwo(300), THREE.MathUtils.damp(1, 2, 3, 0.1), THREE.MathUtils.pingpong(5.5, 2), THREE.MathUtils.seededRandom(42), THREE.MathUtils.generateUUID()]);
	show('spherical/cylindrical', [v(new THREE.Spherical().setFromVector3(a)), Object.values(new THREE.Cylindrical().setFromVector3(a)), v(new THREE.Vector3().setFromCylindrical(new THREE.Cylindrical(2, 1, 3)))]);

	// Colors and color management
	const c = new THREE.Color('hsl(200, 60%, 40%)');
	show('color', [c.getHexString(), c.getStyle(), v(c), c.getHSL({}), new THREE.Color('rebeccapurple').getHex(), new THREE.Color(0x336699).convertSRGBToLinear().toArray(), new THREE.Color('#f80').lerpHSL(new THREE.Color('#08f'), 0.5).getHexString(), new THREE.Color().setRGB(0.5, 0.2, 0.1, THREE.LinearSRGBColorSpace).getStyle(), new THREE.Color('skyblue').offsetHSL(0.1, -0.2, 0.1).getHex()]);

	// Bounding volumes, rays, planes, frustums, triangles
	const box = new THREE.Box3(new THREE.Vector3(-1, -1, -1), new THREE.Vector3(2, 3, 1));
	const sphere = new THREE.Sphere(new THREE.Vector3(0, 1, 0), 1.5);
	const plane = new THREE.Plane().setFromCoplanarPoints(new THREE.Vector3(0, 0, 0), new THREE.Vector3(1, 0, 1), new THREE.Vector3(0, 1, 1));
	const ray = new THREE.Ray(new THREE.Vector3(-5, 0.5, 0.2), new THREE.Vector3(1, 0.1, 0).normalize());
	show('box3', [v(box.getCenter(new THREE.Vector3())), v(box.getSize(new THREE.Vector3())), box.containsPoint(a), box.intersectsSphere(sphere), v(box.clone().applyMatrix4(m).min), v(box.clampPoint(a, new THREE.Vector3())), box.distanceToPoint(a), v(box.getBoundingSphere(new THREE.Sphere()).center)]);
	show('plane/ray', [v(plane.normal), plane.constant, plane.distanceToPoint(a), v(plane.projectPoint(a, new THREE.Vector3())), v(ray.intersectBox(box, new THREE.Vector3())), v(ray.intersectSphere(sphere, new THREE.Vector3())), v(ray.intersectPlane(plane, new THREE.Vector3())), ray.distanceSqToSegment(new THREE.Vector3(0, 3, 0), new THREE.Vector3(1, 3, 1)), v(ray.intersectTriangle(new THREE.Vector3(0, -1, -1), new THREE.Vector3(0, 2, -1), new THREE.Vector3(0, 0, 2), false, new THREE.Vector3()))]);
	const tri = new THREE.Triangle(new THREE.Vector3(0, 0, 0), new THREE.Vector3(2, 0, 0), new THREE.Vector3(0, 3, 1));
	show('triangle', [tri.getArea(), v(tri.getNormal(new THREE.Vector3())), v(tri.getBarycoord(new THREE.Vector3(0.5, 0.5, 0.1), new THREE.Vector3())), tri.containsPoint(new THREE.Vector3(0.5, 0.5, 0.16)), v(tri.closestPointToPoint(a, new THREE.Vector3())), tri.isFrontFacing(new THREE.Vector3(0, 0, -1))]);
	const cam = new THREE.PerspectiveCamera(60, 1.5, 0.1, 50);
	cam.position.set(3, 4, 5); cam.lookAt(0, 0, 0); cam.updateMatrixWorld(); cam.updateProjectionMatrix();
	const frustum = new THREE.Frustum().setFromProjectionMatrix(new THREE.Matrix4().multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse));
	show('camera', [cam.projectionMatrix.toArray(), cam.matrixWorldInverse.toArray(), v(a.clone().project(cam)), v(new THREE.Vector3(0.2, -0.3, 0.5).unproject(cam)), frustum.containsPoint(new THREE.Vector3()), frustum.intersectsBox(box), cam.getFocalLength(), cam.getEffectiveFOV(), v(cam.getWorldDirection(new THREE.Vector3()))]);
	const ortho = new THREE.OrthographicCamera(-2, 2, 1, -1, 0.1, 10); ortho.zoom = 2; ortho.updateProjectionMatrix();
	show('ortho', ortho.projectionMatrix.toArray());

	// Curves and shapes
	const curve = new THREE.CatmullRomCurve3([new THREE.Vector3(0, 0, 0), new THREE.Vector3(1, 2, 0), new THREE.Vector3(3, 1, 1), new THREE.Vector3(4, 3, -1)], false, 'centripetal');
	show('catmullrom', [curve.getLength(), curve.getPoints(8).map(v), v(curve.getTangentAt(0.4)), v(curve.getPointAt(0.77)), curve.getUtoTmapping(0.5)]);
	const frames = curve.computeFrenetFrames(4, false);
	show('frenet', [frames.normals.map(v), frames.binormals.map(v)]);
	const bez = new THREE.CubicBezierCurve(new THREE.Vector2(0, 0), new THREE.Vector2(1, 3), new THREE.Vector2(3, -1), new THREE.Vector2(4, 2));
	show('curves 2d', [bez.getSpacedPoints(6).map(v), new THREE.EllipseCurve(0, 0, 3, 2, 0, Math.PI, false, 0.3).getPoints(5).map(v), new THREE.SplineCurve([new THREE.Vector2(0, 0), new THREE.Vector2(1, 1), new THREE.Vector2(2, 0)]).getPoint(0.3).toArray(), new THREE.QuadraticBezierCurve3(new THREE.Vector3(), new THREE.Vector3(1, 2, 3), new THREE.Vector3(2, 0, 0)).getPoint(0.5).toArray()]);
	const shape = new THREE.Shape();
	shape.moveTo(0, 0); shape.lineTo(4, 0); shape.quadraticCurveTo(5, 2, 4, 4); shape.bezierCurveTo(3, 5, 1, 5, 0, 4); shape.absarc(0, 2, 2, Math.PI / 2, Math.PI * 1.5, false);
	const hole = new THREE.Path(); hole.absellipse(2, 2, 0.8, 0.5, 0, Math.PI * 2, true, 0.2); shape.holes.push(hole);
	const sp = shape.extractPoints(6);
	show('shape', [sp.shape.length, sp.holes[0].length, THREE.ShapeUtils.area(sp.shape), THREE.ShapeUtils.isClockWise(sp.holes[0]), THREE.ShapeUtils.triangulateShape(sp.shape, sp.holes).length]);
	show('shapepath', new THREE.ShapePath().moveTo(0, 0).lineTo(1, 0).lineTo(1, 1).lineTo(0, 1).toShapes(false).map((s) => s.getPoints().length));

	// Geometries: every generator, digested
	const geoms = {
		box: new THREE.BoxGeometry(1, 2, 3, 2, 3, 4), sphere: new THREE.SphereGeometry(1, 12, 8, 0, Math.PI * 1.5), cylinder: new THREE.CylinderGeometry(1, 0.5, 2, 10, 3, false), cone: new THREE.ConeGeometry(1, 2, 7),
		torus: new THREE.TorusGeometry(1, 0.3, 8, 16), torusKnot: new THREE.TorusKnotGeometry(1, 0.2, 40, 6, 2, 3), plane: new THREE.PlaneGeometry(2, 1, 4, 2), circle: new THREE.CircleGeometry(1, 9, 0.5, 4),
		ring: new THREE.RingGeometry(0.5, 1, 10, 2), icosahedron: new THREE.IcosahedronGeometry(1, 2), dodecahedron: new THREE.DodecahedronGeometry(1, 1), octahedron: new THREE.OctahedronGeometry(1, 0),
		tetrahedron: new THREE.TetrahedronGeometry(1, 3), capsule: new THREE.CapsuleGeometry(0.5, 1, 4, 8), lathe: new THREE.LatheGeometry([new THREE.Vector2(0, 0), new THREE.Vector2(1, 0.5), new THREE.Vector2(0.5, 1)], 8),
		tube: new THREE.TubeGeometry(curve, 16, 0.2, 6, false), shape: new THREE.ShapeGeometry(shape, 6), extrude: new THREE.ExtrudeGeometry(shape, { depth: 1, bevelEnabled: true, bevelSegments: 2, steps: 2, curveSegments: 6 }),
		edges: new THREE.EdgesGeometry(new THREE.BoxGeometry(1, 1, 1), 30), wireframe: new THREE.WireframeGeometry(new THREE.OctahedronGeometry(1, 1)),
	};
	for (const [name, g] of Object.entries(geoms)) {
		g.computeBoundingBox(); g.computeBoundingSphere();
		if (g.index && name !== 'edges') g.computeVertexNormals();
		const attrs = Object.keys(g.attributes).map((k) => k + ':' + digest(g.attributes[k].array));
		show('geometry ' + name, [g.index ? digest(g.index.array) : null, attrs, g.groups, v(g.boundingBox.min), v(g.boundingBox.max), g.boundingSphere.radius]);
	}
	const merged = new THREE.BufferGeometry().setFromPoints([a, b, new THREE.Vector3(0, 0, 1)]).toNonIndexed();
	merged.applyMatrix4(m).center().rotateX(0.3).scale(2, 1, 1).translate(1, 1, 1);
	show('buffergeometry ops', [digest(merged.attributes.position.array), new THREE.BoxGeometry().toNonIndexed().attributes.position.count, geoms.plane.clone().rotateZ(0.5).attributes.position.getX(3)]);

	// Scene graph, raycasting, JSON round trip
	const scene = new THREE.Scene();
	const group = new THREE.Group(); group.position.set(1, 0, 0); group.rotation.set(0, 0.5, 0); group.scale.setScalar(2);
	const mat = new THREE.MeshStandardMaterial({ color: 0xff8800, roughness: 0.3, metalness: 0.7, side: THREE.DoubleSide });
	const mesh1 = new THREE.Mesh(geoms.box, mat); mesh1.name = 'box'; mesh1.position.set(0, 1, 0);
	const mesh2 = new THREE.Mesh(geoms.sphere, new THREE.MeshBasicMaterial({ color: 'teal', wireframe: true })); mesh2.name = 'sphere'; mesh2.position.set(-2, 0, -1);
	const inst = new THREE.InstancedMesh(geoms.octahedron, mat, 4);
	for (let i = 0; i < 4; i++) inst.setMatrixAt(i, new THREE.Matrix4().makeTranslation(i, i * 0.5, -i));
	group.add(mesh1); scene.add(group, mesh2, inst, new THREE.AmbientLight(0x404040), new THREE.DirectionalLight(0xffffff, 2), new THREE.Points(geoms.icosahedron), new THREE.Line(new THREE.BufferGeometry().setFromPoints(curve.getPoints(10))));
	mesh1.lookAt(3, 3, 3);
	mesh2.translateOnAxis(new THREE.Vector3(0, 1, 1).normalize(), 0.5); mesh2.translateX(0.25); mesh2.rotateOnWorldAxis(new THREE.Vector3(1, 0, 0), 0.2);
	scene.updateMatrixWorld(true);
	show('scene', [v(mesh1.getWorldPosition(new THREE.Vector3())), v(mesh1.getWorldQuaternion(new THREE.Quaternion())), v(mesh1.localToWorld(new THREE.Vector3(1, 1, 1))), v(group.worldToLocal(new THREE.Vector3(1, 1, 1))), scene.children.length, scene.getObjectByName('box') === mesh1]);
	const names = []; scene.traverse((o) => names.push(o.type + ':' + o.name)); show('traverse', names);
	const raycaster = new THREE.Raycaster(new THREE.Vector3(-10, 1.2, 0.1), new THREE.Vector3(1, 0, 0));
	show('raycast', raycaster.intersectObjects(scene.children, true).map((h) => [h.distance, v(h.point), h.object.type, h.faceIndex, h.instanceId === undefined ? null : h.instanceId]));
	raycaster.setFromCamera(new THREE.Vector2(0.1, -0.2), cam);
	show('raycast camera', [v(raycaster.ray.origin), v(raycaster.ray.direction), raycaster.intersectObject(mesh1).length]);
	const json = scene.toJSON();
	show('toJSON', [Object.keys(json).sort(), json.geometries.length, json.materials.map((x) => x.type), json.object.children.length]);
	const loaded = new THREE.ObjectLoader().parse(json);
	const loadedNames = []; loaded.traverse((o) => loadedNames.push(o.type + ':' + o.name + ':' + v(o.position).join(',')));
	show('ObjectLoader', loadedNames);
	show('material', [mat.toJSON().color, mat.clone().roughness, Object.keys(mat.toJSON()).sort(), THREE.UniformsUtils.clone({ a: { value: new THREE.Vector3(1, 2, 3) } }).a.value.toArray()]);

	// Animation with fixed time steps (no clock)
	const track = new THREE.VectorKeyframeTrack('.position', [0, 1, 2], [0, 0, 0, 1, 2, 3, 4, 0, -1]);
	const qtrack = new THREE.QuaternionKeyframeTrack('.quaternion', [0, 2], [...new THREE.Quaternion().toArray(), ...q1.toArray()]);
	const ctrack = new THREE.ColorKeyframeTrack('.material.color', [0, 2], [1, 0, 0, 0, 0, 1], THREE.InterpolateDiscrete);
	const clip = new THREE.AnimationClip('move', -1, [track, qtrack, ctrack]);
	const mixer = new THREE.AnimationMixer(mesh2);
	const action = mixer.clipAction(clip); action.setLoop(THREE.LoopPingPong, 3).play();
	const frames2 = [];
	for (let i = 0; i < 10; i++) { mixer.update(0.37); frames2.push([v(mesh2.position), v(mesh2.quaternion), mesh2.material.color.getHex(), action.time]); }
	show('animation', frames2);
	show('clip', [clip.duration, THREE.AnimationClip.toJSON(clip).tracks.map((t) => t.type), clip.clone().trim().duration, THREE.AnimationUtils.subclip(clip, 'sub', 0, 30, 30).duration]);

	// Shader sources and uniforms from three.module.js
	show('shaderlib', Object.keys(THREE.ShaderLib).sort());
	for (const k of Object.keys(THREE.ShaderLib).sort()) show('shader ' + k, [digest(THREE.ShaderLib[k].vertexShader), digest(THREE.ShaderLib[k].fragmentShader), Object.keys(THREE.ShaderLib[k].uniforms).length]);
	const chunks = Object.keys(THREE.ShaderChunk).sort();
	show('shaderchunks', [chunks.length, digest(chunks.map((k) => k + THREE.ShaderChunk[k]).join('\n'))]);
	for (let i = 0; i < chunks.length; i += 20) show('chunks ' + i, chunks.slice(i, i + 20).map((k) => digest(THREE.ShaderChunk[k])));
	renderWithStubGL(THREE, geoms, curve, mat);
	show('uniformslib', Object.keys(THREE.UniformsLib).sort().map((k) => k + ':' + Object.keys(THREE.UniformsLib[k]).length));
});

// WebGLRenderer (most of three.module.js) against a stub WebGL2 context that records every call:
// constants are numbered in the order they are first read, created objects are numbered, and
// shader sources are digested.  The call log is printed ten calls a line.
function renderWithStubGL(THREE, geoms, curve, mat) {
	const calls = [];
	const consts = new Map();
	const constOf = (name) => { if (!consts.has(name)) consts.set(name, 0x1000 + consts.size); return consts.get(name); };
	let nextId = 1;
	const arg = (a) => (a === null ? 'null' : typeof a === 'string' ? (a.length > 40 ? digest(a) : a) : typeof a !== 'object' ? String(a)
		: a.stubId ? '#' + a.stubId : ArrayBuffer.isView(a) ? digest(a) : Array.isArray(a) ? 'array' + a.length : 'object');
	const answers = {
		getParameter: (p) => (p === constOf('VERSION') ? 'WebGL 2.0' : p === constOf('SHADING_LANGUAGE_VERSION') ? 'WebGL GLSL ES 3.00'
			: p === constOf('SCISSOR_BOX') || p === constOf('VIEWPORT') ? new Int32Array([0, 0, 300, 150]) : p === constOf('MAX_SAMPLES') ? 4 : 16),
		getExtension: (name) => (name === 'EXT_color_buffer_float' || name === 'OES_texture_float_linear' ? { stubId: 'ext-' + name } : null),
		getSupportedExtensions: () => ['EXT_color_buffer_float', 'OES_texture_float_linear'],
		getContextAttributes: () => ({ alpha: true, antialias: false, depth: true, stencil: false, premultipliedAlpha: true, preserveDrawingBuffer: false, powerPreference: 'default', failIfMajorPerformanceCaveat: false }),
		getShaderPrecisionFormat: () => ({ precision: 23, rangeMin: 127, rangeMax: 127 }),
		getProgramParameter: (p, k) => (k === constOf('LINK_STATUS') ? true : 0),
		getShaderParameter: () => true,
		getProgramInfoLog: () => '', getShaderInfoLog: () => '',
		getUniformLocation: () => null, getAttribLocation: () => -1,
		isContextLost: () => false, checkFramebufferStatus: () => constOf('FRAMEBUFFER_COMPLETE'), getError: () => 0,
	};
	let canvas;
	const gl = new Proxy({}, { get(target, name) {
		if (typeof name !== 'string') return undefined;
		if (name === 'canvas') return canvas;
		if (name === 'drawingBufferWidth') return 300;
		if (name === 'drawingBufferHeight') return 150;
		if (/^[A-Z0-9_]+$/.test(name)) return constOf(name);
		return (...args) => {
			calls.push(name + '(' + args.map(arg).join(',') + ')');
			if (answers[name]) return answers[name](...args);
			return name.startsWith('create') ? { stubId: nextId++ } : undefined;
		};
	} });
	canvas = { width: 300, height: 150, style: {}, addEventListener() {}, removeEventListener() {}, getContext: () => gl, setAttribute() {} };
	const renderer = new THREE.WebGLRenderer({ canvas, context: gl });
	renderer.setSize(300, 150, false);
	renderer.shadowMap.enabled = true;
	const scene = new THREE.Scene();
	scene.fog = new THREE.Fog(0x8899aa, 1, 20);
	scene.background = new THREE.Color(0x112233);
	const tex = new THREE.DataTexture(new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]), 2, 2);
	tex.needsUpdate = true;
	const light = new THREE.DirectionalLight(0xffffff, 2); light.position.set(2, 3, 4); light.castShadow = true;
	const mats = [mat, new THREE.MeshPhongMaterial({ color: 0x00ff00, map: tex, shininess: 50 }), new THREE.MeshLambertMaterial({ color: 0x0000ff, transparent: true, opacity: 0.5 }),
		new THREE.MeshPhysicalMaterial({ clearcoat: 1, transmission: 0.2, sheen: 0.5 }), new THREE.MeshToonMaterial(), new THREE.MeshNormalMaterial({ flatShading: true }), new THREE.MeshBasicMaterial({ map: tex, vertexColors: false })];
	mats.forEach((m, i) => { const mesh = new THREE.Mesh(i % 2 ? geoms.sphere : geoms.box, m); mesh.position.set(i - 3, 0, 0); mesh.castShadow = mesh.receiveShadow = true; scene.add(mesh); });
	scene.add(light, new THREE.PointLight(0xff8800, 1, 10), new THREE.AmbientLight(0x202020), new THREE.Points(geoms.icosahedron, new THREE.PointsMaterial({ size: 2 })),
		new THREE.Line(new THREE.BufferGeometry().setFromPoints(curve.getPoints(10)), new THREE.LineDashedMaterial({ dashSize: 0.1 })), new THREE.Sprite(new THREE.SpriteMaterial({ color: 0xffff00 })));
	const cam = new THREE.PerspectiveCamera(50, 2, 0.1, 50); cam.position.set(0, 2, 8); cam.lookAt(0, 0, 0);
	renderer.render(scene, cam);
	const target = new THREE.WebGLRenderTarget(64, 32, { samples: 0, depthBuffer: true });
	renderer.setRenderTarget(target); renderer.render(scene, cam); renderer.setRenderTarget(null);
	renderer.render(scene, cam);
	show('webgl info', [renderer.info.render, renderer.info.memory, renderer.info.programs.length, renderer.capabilities.isWebGL2, renderer.capabilities.maxTextures, renderer.capabilities.precision, renderer.getPixelRatio(), renderer.getSize(new THREE.Vector2()).toArray()]);
	show('webgl calls', [calls.length, digest(calls.join('\n'))]);
	for (let i = 0; i < calls.length; i += 10) console.log('  ' + calls.slice(i, i + 10).join(' '));
	renderer.dispose();
}
