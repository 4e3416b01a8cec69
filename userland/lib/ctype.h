/* ctype.h -- character classes for ASCII (the only character set weensy
 * programs see). */
#ifndef USER_CTYPE_H
#define USER_CTYPE_H
static inline int isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline int isprint(int c) { return c >= 0x20 && c < 0x7f; }
static inline int isalpha(int c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static inline int isalnum(int c) { return isalpha(c) || isdigit(c); }
static inline int toupper(int c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
#endif
