"""Language: sentences and UniDic tokens for every turn, and spaCy Docs over them."""
