// GitHub's size limits, written once: the renderers fit a report to them (report/budget.ts) and the
// client that posts the comment leaves room for its marker under them (github/comment.ts).

/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536
