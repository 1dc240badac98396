"""Tokenising Chinese policy text (jieba) and TF-IDF vectors built from the corpus itself."""
