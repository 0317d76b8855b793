"""bpnn.course.datasets: the embedded digits, the IDX reader (round trips and every corruption), MNIST."""
import gzip
import os
import subprocess
import sys

import numpy as np
import pytest

from bpnn.course.datasets import IDX_TYPES, load_digits, load_idx, load_mnist

MNIST_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "mnist")


def idx_bytes(array: np.ndarray, type_byte: int) -> bytes:
    """An IDX file's bytes, written here independently of the reader: header, then big-endian data."""
    header = bytes([0, 0, type_byte, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.astype(IDX_TYPES[type_byte]).tobytes()


def write(path, content: bytes, gz: bool = False):
    with (gzip.open if gz else open)(path, "wb") as file:
        file.write(content)
    return str(path)


# ---------------------------------------------------------------- round trips
@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("type_byte, values", [
    (0x08, [[0, 1, 255], [128, 7, 3]]),
    (0x09, [[-128, 0, 127], [1, -1, 5]]),
    (0x0B, [[-32768, 258, 32767], [1, -2, 3]]),
    (0x0C, [[-2**31, 65536 + 3, 2**31 - 1], [7, -8, 9]]),
    (0x0D, [[0.5, -1.25, 3.0e38], [1e-30, 2.0, -0.0]]),
    (0x0E, [[0.1, -1e300, 5e-324], [3.141592653589793, 2.0, -0.0]]),
])
def test_idx_round_trip(tmp_path, type_byte, values, gz):
    array = np.array(values).astype(IDX_TYPES[type_byte])
    path = write(tmp_path / ("a.idx" + (".gz" if gz else "")), idx_bytes(array, type_byte), gz)
    loaded = load_idx(path)
    assert loaded.shape == (2, 3)
    assert loaded.dtype == IDX_TYPES[type_byte].newbyteorder("=")
    assert loaded.dtype.isnative
    assert loaded.tolist() == array.tolist()


def test_idx_big_endian_on_disk(tmp_path):
    # 0x0B int16 258 is stored as 01 02: read it back as 258, not 513
    path = write(tmp_path / "x.idx", bytes([0, 0, 0x0B, 1, 0, 0, 0, 2, 0x01, 0x02, 0xFF, 0xFE]))
    assert load_idx(path).tolist() == [258, -2]


def test_idx_one_and_four_dimensions(tmp_path):
    array = np.arange(2 * 3 * 4 * 5, dtype=np.uint8).reshape(2, 3, 4, 5)
    assert load_idx(write(tmp_path / "4d", idx_bytes(array, 0x08))).tolist() == array.tolist()
    assert load_idx(write(tmp_path / "1d", idx_bytes(array.ravel(), 0x08))).tolist() == array.ravel().tolist()


def test_idx_uint8_is_not_copied(tmp_path):
    loaded = load_idx(write(tmp_path / "u8", idx_bytes(np.zeros((3, 4), np.uint8), 0x08)))
    assert not loaded.flags.owndata and not loaded.flags.writeable


# ---------------------------------------------------------------- corruptions
GOOD = idx_bytes(np.arange(12, dtype=np.uint8).reshape(3, 4), 0x08)


@pytest.mark.parametrize("content, message", [
    (b"\x00\x00\x08", "shorter than the 4-byte magic number"),
    (b"\x01\x00\x08\x02" + GOOD[4:], "bad magic number 01 00 08 02"),
    (b"\x00\x07\x08\x02" + GOOD[4:], "bad magic number 00 07 08 02"),
    (b"\x00\x00\x0A\x02" + GOOD[4:], "unknown IDX type byte 0x0A"),
    (b"\x00\x00\x08\x00" + GOOD[4:], "the IDX header gives 0 dimensions"),
    (b"\x00\x00\x08\x03" + GOOD[4:12], "truncated IDX header: 3 dimensions need 16 bytes, the file has 12"),
    (GOOD[:4] + (3).to_bytes(4, "big") + (0).to_bytes(4, "big"), "dimension 2 of 2 is 0"),
    (GOOD[:-1], "truncated: the header (3 x 4 uint8) promises 12 bytes of data, the file has 11"),
    (GOOD[:4] + (4).to_bytes(4, "big") + GOOD[8:], "promises 16 bytes of data, the file has 12"),
    (GOOD + b"\x00\x00", "2 bytes after the data"),
    (b"\x00\x00\x0D\x01" + (3).to_bytes(4, "big") + b"\x00" * 11, "(3 float32) promises 12 bytes"),
])
@pytest.mark.parametrize("gz", [False, True])
def test_idx_corruption(tmp_path, content, message, gz):
    path = write(tmp_path / ("bad.idx" + (".gz" if gz else "")), content, gz)
    with pytest.raises(ValueError) as error:
        load_idx(path)
    assert str(error.value).startswith(path + ": ")
    assert message in str(error.value)


def test_not_gzip(tmp_path):
    path = write(tmp_path / "plain.idx.gz", GOOD)
    with pytest.raises(ValueError, match=r"plain\.idx\.gz: not a gzip file"):
        load_idx(path)


def test_truncated_gzip(tmp_path):
    path = write(tmp_path / "cut.idx.gz", gzip.compress(GOOD * 100)[:-20])
    with pytest.raises(ValueError, match=r"cut\.idx\.gz: truncated gzip file"):
        load_idx(path)


def test_corrupt_gzip(tmp_path):
    compressed = bytearray(gzip.compress(GOOD))
    compressed[-5] ^= 0xFF  # the stored length no longer matches
    path = write(tmp_path / "crc.idx.gz", bytes(compressed))
    with pytest.raises(ValueError, match=r"crc\.idx\.gz: corrupt gzip file"):
        load_idx(path)


def test_gzip_found_by_content_whatever_the_name(tmp_path):
    path = write(tmp_path / "noext", GOOD, gz=True)
    assert load_idx(path).tolist() == np.arange(12).reshape(3, 4).tolist()


# ---------------------------------------------------------------- MNIST files
def write_mnist(directory, spelling: str, gz: bool, n_train=5, n_test=3, rows=4, columns=3):
    rng = np.random.default_rng(0)
    parts = {
        "train-images": rng.integers(0, 256, (n_train, rows, columns)).astype(np.uint8),
        "train-labels": np.arange(n_train, dtype=np.uint8) % 10,
        "t10k-images": rng.integers(0, 256, (n_test, rows, columns)).astype(np.uint8),
        "t10k-labels": (np.arange(n_test, dtype=np.uint8) + 3) % 10,
    }
    for stem, array in parts.items():
        kind = "idx3-ubyte" if array.ndim == 3 else "idx1-ubyte"
        name = f"{stem}{spelling}{kind}" + (".gz" if gz else "")
        write(os.path.join(directory, name), idx_bytes(array, 0x08), gz)
    return parts


@pytest.mark.parametrize("spelling", ["-", "."])
@pytest.mark.parametrize("gz", [False, True])
def test_mnist_four_spellings(tmp_path, spelling, gz):
    parts = write_mnist(tmp_path, spelling, gz)
    data = load_mnist(tmp_path)
    assert data.image_shape == (4, 3) and data.n_inputs == 12
    assert data.train.pixels.tolist() == parts["train-images"].reshape(5, 12).tolist()
    assert data.train.labels.tolist() == parts["train-labels"].tolist()
    assert data.test.pixels.tolist() == parts["t10k-images"].reshape(3, 12).tolist()
    assert data.test.labels.tolist() == [3, 4, 5]
    X, T = data.train.arrays()
    assert X.dtype == np.float64 and X.flags.c_contiguous and X.shape == (5, 12)
    assert X.tolist() == (parts["train-images"].reshape(5, 12) / 255.0).tolist()
    assert T.tolist()[4] == [0.0] * 4 + [1.0] + [0.0] * 5


def test_mnist_missing_file(tmp_path):
    write_mnist(tmp_path, "-", False)
    os.remove(tmp_path / "t10k-labels-idx1-ubyte")
    with pytest.raises(FileNotFoundError, match="no t10k-labels file; looked for t10k-labels-idx1-ubyte, "
                                                r"t10k-labels-idx1-ubyte\.gz, t10k-labels\.idx1-ubyte, "):
        load_mnist(tmp_path)


def test_mnist_no_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such directory"):
        load_mnist(tmp_path / "absent")


def test_mnist_counts_must_match(tmp_path):
    write_mnist(tmp_path, ".", True)
    write(tmp_path / "train-labels.idx1-ubyte.gz", idx_bytes(np.zeros(4, np.uint8), 0x08), gz=True)
    with pytest.raises(ValueError, match=r"train-labels\.idx1-ubyte\.gz: 4 labels for the 5 images of .*"
                                         r"train-images\.idx3-ubyte\.gz"):
        load_mnist(tmp_path)


def test_mnist_wrong_dimensions(tmp_path):
    write_mnist(tmp_path, "-", False)
    write(tmp_path / "t10k-images-idx3-ubyte", idx_bytes(np.zeros((3, 12), np.uint8), 0x08))
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte: expected a 3-dimensional uint8 .* got 2 dim"):
        load_mnist(tmp_path)


def test_mnist_wrong_type(tmp_path):
    write_mnist(tmp_path, "-", False)
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.zeros(5), 0x0E))
    with pytest.raises(ValueError, match="train-labels-idx1-ubyte: expected a 1-dimensional uint8 .* float64"):
        load_mnist(tmp_path)


def test_mnist_label_out_of_range(tmp_path):
    write_mnist(tmp_path, "-", False)
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.array([0, 1, 12, 3, 4], np.uint8), 0x08))
    with pytest.raises(ValueError, match="train-labels-idx1-ubyte: label 12 found; labels must be 0..9"):
        load_mnist(tmp_path)


def test_mnist_image_sizes_must_agree(tmp_path):
    write_mnist(tmp_path, "-", False)
    write(tmp_path / "t10k-images-idx3-ubyte", idx_bytes(np.zeros((3, 3, 4), np.uint8), 0x08))
    with pytest.raises(ValueError, match=r"t10k-images-idx3-ubyte: images of \(3, 4\) pixels"):
        load_mnist(tmp_path)


def test_mnist_corrupt_file_is_named(tmp_path):
    write_mnist(tmp_path, "-", True)
    write(tmp_path / "t10k-images-idx3-ubyte.gz", GOOD[:-3], gz=True)
    with pytest.raises(ValueError, match=r"t10k-images-idx3-ubyte\.gz: truncated"):
        load_mnist(tmp_path)


@pytest.mark.skipif(not os.path.isdir(MNIST_DIR), reason="../shared/data/mnist is absent")
def test_real_mnist():
    data = load_mnist(MNIST_DIR)
    assert data.train.pixels.shape == (60000, 784) and data.test.pixels.shape == (10000, 784)
    assert data.image_shape == (28, 28)
    assert data.train.labels[:5].tolist() == [5, 0, 4, 1, 9]
    assert np.bincount(data.train.labels).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(data.test.labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert data.train.pixels.dtype == np.uint8 and data.train.pixels.max() == 255
    assert not data.train.pixels.flags.owndata  # a view of the decompressed file, not a copy
    X, T = data.limit(3).train.arrays()
    assert X.shape == (3, 784) and T.argmax(axis=1).tolist() == [5, 0, 4]


# ---------------------------------------------------------------- the embedded digits
def test_digits_split():
    data = load_digits()
    assert (len(data.train), len(data.test)) == (1438, 359)
    assert data.image_shape == (8, 8) and data.train.pixels.shape == (1438, 64)
    # stratified: every class has 20% of its samples (rounded) in the test part
    counts = np.bincount(data.train.labels) + np.bincount(data.test.labels)
    assert counts.tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert np.bincount(data.test.labels).tolist() == [round(0.2 * count) for count in counts]
    # the first samples cycle through the classes, as the file does
    assert data.train.labels[:10].tolist() == list(range(10))
    X, T = data.train.arrays()
    assert X.min() == 0.0 and X.max() == 1.0 and X.dtype == np.float64
    assert (T.argmax(axis=1) == data.train.labels).all() and (T.sum(axis=1) == 1.0).all()


def test_digits_split_is_fixed_and_seeded():
    first, again, other = load_digits(), load_digits(), load_digits(seed=1)
    assert first.test.pixels.tolist() == again.test.pixels.tolist()
    assert first.test.pixels.tolist() != other.test.pixels.tolist()
    # no sample is in both parts: together they are the 1797 rows exactly once
    rows = sorted(map(tuple, first.train.pixels.tolist() + first.test.pixels.tolist()))
    assert len(rows) == 1797


def test_patterns_and_arrays_hold_the_same_numbers():
    data = load_digits().limit(20)
    X, T = data.train.arrays()
    patterns = data.train.patterns()
    assert len(patterns) == 20 and len(data.test) == 20
    assert [inputs for inputs, _ in patterns] == X.tolist()
    assert [targets for _, targets in patterns] == T.tolist()
    assert all(type(value) is float for value in patterns[0][0] + patterns[0][1])
    assert patterns[3][0][:8] == [p / 16.0 for p in data.train.pixels[3, :8].tolist()]


def test_limit_takes_views_and_checks():
    data = load_digits()
    limited = data.limit(100)
    assert len(limited.train) == 100 and np.shares_memory(limited.train.pixels, data.train.pixels)
    assert len(data.limit(10_000).test) == 359
    with pytest.raises(ValueError, match="limit must be a whole number of at least 1, got 0"):
        data.limit(0)


def test_import_bpnn_does_not_import_numpy():
    code = "import sys, bpnn, bpnn.course.backends; assert 'numpy' not in sys.modules, 'numpy was imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
