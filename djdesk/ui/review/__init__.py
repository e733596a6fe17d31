"""The 民主评议 tab: a branch's yearly democratic evaluation of its party members."""
