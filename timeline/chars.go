package timeline

// Byte classes and small readers shared by the scanners. Everything here
// works on ASCII bytes; bytes of multi-byte UTF-8 characters count as
// neither letters nor digits, so "–" or "•" separate words.

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func isLetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

// isWordByte reports whether b belongs to a word: a time glued to one
// ("a14:32", "x86_64") is not a time.
func isWordByte(b byte) bool { return isDigit(b) || isLetter(b) || b == '_' }

func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// atoi reads a short run of digits; the callers bound its length.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// twoDigits reads the two digits at s[i].
func twoDigits(s string, i int) (int, bool) {
	if i+1 >= len(s) || !isDigit(s[i]) || !isDigit(s[i+1]) {
		return 0, false
	}
	return int(s[i]-'0')*10 + int(s[i+1]-'0'), true
}

// exactTwoDigits reads the two digits at s[i] when no third digit follows.
func exactTwoDigits(s string, i int) (int, bool) {
	n, ok := twoDigits(s, i)
	if !ok || i+2 < len(s) && isDigit(s[i+2]) {
		return 0, false
	}
	return n, true
}

// digitRun returns the end of the run of at most max digits at s[i], and
// false when the run is empty or longer than max.
func digitRun(s string, i, max int) (int, bool) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
		if j-i > max {
			return i, false
		}
	}
	return j, j > i
}

// skipSpaces skips spaces and tabs.
func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// hasWordFold reports whether s[i:] begins with word (lower case) in any
// case, not followed by a letter.
func hasWordFold(s string, i int, word string) bool {
	if len(s)-i < len(word) {
		return false
	}
	for k := 0; k < len(word); k++ {
		if lower(s[i+k]) != word[k] {
			return false
		}
	}
	j := i + len(word)
	return j == len(s) || !isLetter(s[j])
}

// wordEnd returns the end of the run of letters at s[i].
func wordEnd(s string, i int) int {
	for i < len(s) && isLetter(s[i]) {
		i++
	}
	return i
}
