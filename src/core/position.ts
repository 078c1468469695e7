/** 1-based positions, as remark/unist and editors count them. */
export interface Point {
  line: number;
  column: number;
  /** 0-based offset into the source text. */
  offset?: number;
}

export interface Position {
  start: Point;
  end: Point;
}
