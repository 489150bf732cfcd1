#!/usr/bin/env bash
# Commit what `papersite fetch` changed under content/ and propose it for review: one
# pull request from $BRANCH into $BASE, updated while it is open. With DIRECT=true the
# commit goes straight to $BASE instead, and the deploy workflow is started.
#
# Run by .github/workflows/fetch.yml after fetch, check and a strict build passed.
# Needs git, gh with GH_TOKEN, and origin pointing at the repository. Optional:
# FETCH_REPORT (a file holding what fetch printed, quoted in the pull request).
set -euo pipefail

branch="${BRANCH:-papersite/daily-listing}"
base="${BASE:-main}"
report="${FETCH_REPORT:-}"

changes=$(git status --porcelain --untracked-files=all -- content)
if [ -z "$changes" ]; then
  echo "Nothing new under content/: no commit, no pull request."
  exit 0
fi

# The days whose listing file is new or changed, for the title: "2025-03-11 2025-03-12".
days=$(printf '%s\n' "$changes" \
  | sed -n 's#^.*content/listings/\([0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\)_.*$#\1#p' \
  | sort -u | paste -sd ' ' -)
title="Daily listing: ${days:-papers updated}"
papers=$(printf '%s\n' "$changes" | grep -c 'content/papers/' || true)

body_file=$(mktemp)
{
  echo "Fetched from the Hugging Face daily-papers API by the daily-listing workflow."
  echo
  echo "- days: ${days:-none new}"
  echo "- paper files added or changed: $papers"
  if [ -n "${GITHUB_RUN_ID:-}" ]; then
    echo "- \`papersite check\` and a strict build passed in" \
      "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/$GITHUB_RUN_ID"
  fi
  if [ -n "$report" ] && [ -s "$report" ]; then
    echo
    echo "What \`papersite fetch\` said:"
    echo
    echo '```'
    cat "$report"
    echo '```'
  fi
  echo
  echo "Review the new papers (titles, abstracts, tags) and merge to publish them."
  echo "Each run rebuilds this branch from $base with the days fetched then."
} >"$body_file"

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
# git pushes with GH_TOKEN through gh; the checkout kept no credentials.
gh auth setup-git

if [ "${DIRECT:-}" = "true" ]; then
  git add -- content
  git commit --quiet --file=- <<<"$title"
  git push origin "HEAD:refs/heads/$base"
  # A push made with GITHUB_TOKEN starts no workflow: start the deploy by hand.
  gh workflow run deploy.yml --ref "$base"
  echo "Committed to $base: $title"
  exit 0
fi

git switch --quiet --force-create "$branch"
git add -- content
git commit --quiet --file=- <<<"$title"
git push --force origin "HEAD:refs/heads/$branch"

number=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number')
if [ -n "$number" ]; then
  gh pr edit "$number" --title "$title" --body-file "$body_file"
  echo "Updated pull request #$number: $title"
else
  gh pr create --head "$branch" --base "$base" --title "$title" --body-file "$body_file"
  echo "Opened a pull request: $title"
fi
# A pull request opened with GITHUB_TOKEN starts no workflow: run CI on the branch.
gh workflow run ci.yml --ref "$branch"
