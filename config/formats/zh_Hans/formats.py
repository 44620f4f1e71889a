# Numbers as Chinese offices print amounts (GB/T 15835, accounting practice): 29,760.00. Django's own
# zh_Hans formats have no thousands separator. Everything else comes from Django's zh_Hans formats.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
