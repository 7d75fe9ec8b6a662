-- Break-the-glass grants (issue #5): a user states a reason and gets emergency access to
-- restricted records for a limited time; every grant waits in the compliance auditor's review
-- queue until reviewed. Rows are never deleted: they are the evidence the review relies on.
create table break_glass (
  id             text        primary key,
  -- the user's stable id (Caller.id)
  user_id        text        not null,
  -- the reason the user stated (may mention a patient: never logged, shown to reviewers only)
  reason         text        not null,
  granted        timestamptz not null,
  expires        timestamptz not null,
  -- the review: who, when, outcome (justified, unjustified, escalated) and an optional comment
  reviewed_by    text,
  reviewed_at    timestamptz,
  review_outcome text,
  review_comment text,
  constraint break_glass_expiry check (expires > granted),
  constraint break_glass_review check (
    (reviewed_by is null and reviewed_at is null and review_outcome is null)
    or (reviewed_by is not null and reviewed_at is not null and review_outcome is not null))
);
-- CallerContext asks for the user's active grant on every request.
create index break_glass_user on break_glass (user_id, expires desc);
-- The review queue: grants not reviewed yet, oldest first.
create index break_glass_unreviewed on break_glass (granted) where reviewed_at is null;
