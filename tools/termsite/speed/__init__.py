"""Speed machinery: worker pools, on-disk caches and memos. The results are the same without it."""
