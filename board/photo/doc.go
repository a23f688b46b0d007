// Package photo reads a photo of a whiteboard into a board.Board.
//
// The photo is decoded (JPEG, PNG, and HEIC through libheif's heif-convert),
// turned upright by its EXIF orientation and cleaned up in Go: uneven light
// is flattened by dividing by an estimate of the bare board, the text is
// deskewed and scaled to the height Tesseract reads best. Tesseract (Debian's
// tesseract-ocr) then finds the words and their boxes (page segmentation 6),
// and this package rebuilds the board's layout from the word boxes: words
// into lines, lines into columns, columns read left to right. Lines built
// from words Tesseract was unsure of are marked Uncertain.
//
// docs/photo.md describes the method, its settings and its measured accuracy.
package photo
