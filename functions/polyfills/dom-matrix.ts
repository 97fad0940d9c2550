// Injected into the Lambda bundles (infra/stack/monitor-function.ts). pdfjs' legacy build creates a
// DOMMatrix when it loads and borrows one from @napi-rs/canvas on Node; that native package is neither
// bundled nor built for the Lambda's arm64, so without this the crawl function would fail at cold start.
// Text extraction only needs 2-D affine arithmetic: that is all this implements.

type Init = number[] | { a: number; b: number; c: number; d: number; e: number; f: number };

class AffineMatrix {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;

  constructor(init?: Init) {
    if (Array.isArray(init) && init.length >= 6)
      [this.a, this.b, this.c, this.d, this.e, this.f] = init as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
    else if (init && !Array.isArray(init))
      ({ a: this.a, b: this.b, c: this.c, d: this.d, e: this.e, f: this.f } = init);
  }

  get is2D(): boolean {
    return true;
  }

  /** this = this × m */
  multiplySelf(m: Init): this {
    const n = new AffineMatrix(m);
    const { a, b, c, d, e, f } = this;
    this.a = a * n.a + c * n.b;
    this.b = b * n.a + d * n.b;
    this.c = a * n.c + c * n.d;
    this.d = b * n.c + d * n.d;
    this.e = a * n.e + c * n.f + e;
    this.f = b * n.e + d * n.f + f;
    return this;
  }

  /** this = m × this */
  preMultiplySelf(m: Init): this {
    const product = new AffineMatrix(m).multiplySelf(this);
    Object.assign(this, {
      a: product.a,
      b: product.b,
      c: product.c,
      d: product.d,
      e: product.e,
      f: product.f,
    });
    return this;
  }

  translateSelf(tx = 0, ty = 0): this {
    return this.multiplySelf([1, 0, 0, 1, tx, ty]);
  }

  scaleSelf(sx = 1, sy = sx): this {
    return this.multiplySelf([sx, 0, 0, sy, 0, 0]);
  }

  invertSelf(): this {
    const { a, b, c, d, e, f } = this;
    const det = a * d - b * c;
    if (det === 0) {
      Object.assign(this, {
        a: Number.NaN,
        b: Number.NaN,
        c: Number.NaN,
        d: Number.NaN,
        e: Number.NaN,
        f: Number.NaN,
      });
      return this;
    }
    Object.assign(this, {
      a: d / det,
      b: -b / det,
      c: -c / det,
      d: a / det,
      e: (c * f - d * e) / det,
      f: (b * e - a * f) / det,
    });
    return this;
  }

  multiply(m: Init) {
    return new AffineMatrix(this).multiplySelf(m);
  }
  translate(tx?: number, ty?: number) {
    return new AffineMatrix(this).translateSelf(tx, ty);
  }
  scale(sx?: number, sy?: number) {
    return new AffineMatrix(this).scaleSelf(sx, sy);
  }
  inverse() {
    return new AffineMatrix(this).invertSelf();
  }
}

const scope = globalThis as { DOMMatrix?: unknown };
scope.DOMMatrix ??= AffineMatrix;

export { AffineMatrix };
