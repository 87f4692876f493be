"""One module per page type: each turns plain parameters into the page's document (a dict)."""
