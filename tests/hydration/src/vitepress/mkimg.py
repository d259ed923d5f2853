# Generates public/img/photo.png (96x96 gradient + light noise; lossless WebP is ~20% smaller).
# Usage: python3 mkimg.py OUT.png   (needs Pillow)
import random, math, sys
from PIL import Image
random.seed(42)
W=H=96
im=Image.new('RGB',(W,H))
px=im.load()
for y in range(H):
    for x in range(W):
        # smooth "sky over hill" gradient with noise
        t=y/H
        hill = 60+20*math.sin(x/14.0)
        if y>hill:
            base=(40+int(60*t),110+int(50*math.sin(x/9.0)*0.3),40)
        else:
            base=(90+int(100*t),150+int(60*t),230-int(40*t))
        sun = max(0, 1-math.hypot(x-70,y-22)/14)
        n=lambda: random.randint(-1,1)
        r=min(255,max(0,base[0]+int(160*sun)+n()))
        g=min(255,max(0,base[1]+int(140*sun)+n()))
        b=min(255,max(0,base[2]+n()))
        px[x,y]=(r,g,b)
im.save(sys.argv[1] if len(sys.argv) > 1 else 'photo.png', optimize=False)
