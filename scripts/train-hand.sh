#!/usr/bin/env bash
# Rebuilds board/photo/hand.traineddata, the Tesseract model the photo reader
# uses: Debian's English LSTM model fine-tuned on synthetic whiteboard lines
# in handwriting and print fonts (tools/handtrain). docs/photo.md has the
# measurements. Nothing here runs in CI or at build time; the model is
# committed. Run as root on Debian 12 (it installs packages); it takes about
# 90 minutes on 2 cores: 20 to build Tesseract's training tool, 10 to make the
# lines, about an hour to train.
#
#   scripts/train-hand.sh [work folder]     default /tmp/hindsight-hand
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/hindsight-hand}
iterations=${ITERATIONS:-40000}
corpus=${CORPUS:-$repo/../shared/corpus}
mkdir -p "$work"
cd "$work"

echo "== packages: Tesseract's build dependencies and the training fonts"
apt-get install -y -qq autoconf automake libtool pkg-config g++ make \
	libleptonica-dev libicu-dev libpango1.0-dev libcairo2-dev \
	tesseract-ocr tesseract-ocr-eng \
	fonts-bwht fonts-femkeklaver fonts-cabinsketch fonts-ecolier-court fonts-klee \
	fonts-kiloji fonts-tlwg-purisa-ttf fonts-kaushanscript fonts-leckerli-one \
	fonts-dancingscript fonts-nanum-extra fonts-unfonts-core fonts-liberation >/dev/null

echo "== lstmtraining, from Debian's Tesseract 5.3.0 source with one patch"
# Debian ships only integer ("fast") models, and lstmtraining refuses to
# continue training one. The patch turns the int8 weights back into floats
# (weight × its row's scale) so fine-tuning can start from them.
if [ ! -x tesseract-5.3.0/lstmtraining ]; then
	if [ ! -f tesseract_5.3.0.orig.tar.gz ]; then
		src=$work/apt-src.sources
		cat >"$src" <<-EOF
			Types: deb-src
			URIs: http://deb.debian.org/debian
			Suites: bookworm
			Components: main
			Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
		EOF
		apt-get -qq -o Dir::Etc::SourceParts="$work" -o Dir::Etc::SourceList=/dev/null update
		apt-get -qq -o Dir::Etc::SourceParts="$work" -o Dir::Etc::SourceList=/dev/null \
			source --download-only tesseract=5.3.0-2
	fi
	rm -rf tesseract-5.3.0
	tar xzf tesseract_5.3.0.orig.tar.gz
	(cd tesseract-5.3.0 &&
		patch -p1 <"$repo/tools/handtrain/tesseract-int-to-float.patch" &&
		./autogen.sh >/dev/null &&
		./configure -q --disable-openmp --disable-doc --disable-graphics CXXFLAGS=-O2 &&
		make -s -j"$(nproc)" && make -s -j"$(nproc)" training)
fi
T=$work/tesseract-5.3.0

echo "== training lines"
# Two sets: 600 lines a font with a light wobble, 400 with a stronger one.
rm -rf lines
(cd "$repo/tools/handtrain" &&
	go run . -corpus "$corpus" -out "$work/lines" -lines 600 -seed 2 &&
	go run . -corpus "$corpus" -out "$work/lines/b" -lines 400 -seed 3 -warp 1.6)
find lines -name '*.png' | sed 's/\.png$//' |
	OMP_THREAD_LIMIT=1 xargs -P "$(nproc)" -I{} tesseract {}.png {} --psm 13 lstm.train >/dev/null 2>&1
find lines -name '*.lstmf' | shuf --random-source=<(yes) >all.txt
head -300 all.txt >eval.txt
tail -n +301 all.txt >train.txt

echo "== fine-tuning, $iterations iterations"
eng=/usr/share/tesseract-ocr/5/tessdata/eng.traineddata
combine_tessdata -e "$eng" eng.lstm >/dev/null
rm -rf ckpt && mkdir ckpt
OMP_THREAD_LIMIT=$(nproc) "$T/lstmtraining" --continue_from eng.lstm --traineddata "$eng" \
	--model_output ckpt/hand --train_listfile train.txt --eval_listfile eval.txt \
	--max_iterations "$iterations" --learning_rate 0.0001 --debug_interval 0 2>&1 |
	grep --line-buffered -E "^At iteration|^Finished" || true

echo "== the integer model"
"$T/lstmtraining" --stop_training --convert_to_int --continue_from ckpt/hand_checkpoint \
	--traineddata "$eng" --model_output hand.traineddata
cp hand.traineddata "$repo/board/photo/hand.traineddata"
ls -l "$repo/board/photo/hand.traineddata"
