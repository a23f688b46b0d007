package sqlite

// ParseFloat exports parseFloat to the tests.
var ParseFloat = parseFloat
