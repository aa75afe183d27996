"""Decoding user pictures: every odd kind of file a user may have ends as 8-bit RGB or a clear error."""
from __future__ import annotations

import io
import struct
import time
import zlib

import numpy as np
import pytest
from PIL import Image

from desktop_app.core.errors import UserError
from desktop_app.core.data.images import (MAX_PIXELS, ImageDecodeError, check_image, is_os_litter, load_rgb,
                                     looks_like_image)


def noisy_rgb(width: int, height: int, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8))


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG file that claims huge dimensions (a decompression-bomb header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def decode_kind(path) -> str:
    with pytest.raises(ImageDecodeError) as caught:
        load_rgb(path)
    assert isinstance(caught.value, UserError)  # shown to the user as is
    assert str(caught.value)  # never an empty message
    return caught.value.kind


def test_text_file_named_jpg_is_not_an_image(tmp_path):
    path = tmp_path / "x.jpg"
    path.write_text("just some notes, not a picture")
    assert decode_kind(path) == "not_image"
    with pytest.raises(ImageDecodeError) as caught:
        check_image(path.read_bytes())
    assert caught.value.kind == "not_image"


def test_truncated_jpeg_and_png_are_reported_as_truncated(tmp_path):
    for fmt, suffix in (("JPEG", ".jpg"), ("PNG", ".png")):
        buffer = io.BytesIO()
        noisy_rgb(120, 90).save(buffer, fmt)
        data = buffer.getvalue()
        path = tmp_path / f"cut{suffix}"
        path.write_bytes(data[: len(data) * 2 // 3])
        assert decode_kind(path) == "truncated"
        with pytest.raises(ImageDecodeError) as caught:
            check_image(path)
        assert caught.value.kind == "truncated"


def test_bomb_header_is_refused_before_decoding(tmp_path):
    huge = tmp_path / "bomb.png"
    huge.write_bytes(png_header_only(100_000, 100_000))  # far above Pillow's own hard limit
    just_over = tmp_path / "big.png"
    just_over.write_bytes(png_header_only(12_000, MAX_PIXELS // 12_000 + 10))  # just above our limit
    started = time.perf_counter()
    assert decode_kind(huge) == "too_large"
    with pytest.warns(Image.DecompressionBombWarning):
        assert decode_kind(just_over) == "too_large"
        with pytest.raises(ImageDecodeError) as caught:
            check_image(just_over)
    assert caught.value.kind == "too_large"
    assert "megapixels" in str(caught.value)
    assert time.perf_counter() - started < 1.0  # nothing was decoded


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (16, 16), (255, 0, 0, 0)).save(path, quality=95)  # pure cyan ink
    image = load_rgb(path)
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((8, 8))
    assert red < 40 and green > 215 and blue > 215


def test_sixteen_bit_png_is_scaled_not_clipped(tmp_path):
    path = tmp_path / "deep.png"
    values = np.array([[0, 257 * 64, 257 * 128, 65535]], dtype=np.uint16).repeat(4, axis=0)
    Image.fromarray(values).save(path)
    assert Image.open(path).mode.startswith("I")
    image = load_rgb(path)
    assert image.mode == "RGB"
    assert [image.getpixel((x, 0)) for x in range(4)] == [(0, 0, 0), (64, 64, 64), (128, 128, 128),
                                                          (255, 255, 255)]


def test_rgba_png_is_composited_on_white(tmp_path):
    path = tmp_path / "alpha.png"
    rgba = Image.new("RGBA", (4, 1), (0, 0, 0, 0))
    rgba.putpixel((1, 0), (255, 0, 0, 255))
    rgba.putpixel((2, 0), (0, 0, 255, 128))
    rgba.save(path)
    image = load_rgb(path)
    assert image.mode == "RGB"
    assert image.getpixel((0, 0)) == (255, 255, 255)
    assert image.getpixel((1, 0)) == (255, 0, 0)
    red, green, blue = image.getpixel((2, 0))
    assert blue == 255 and 120 <= red <= 135 and red == green  # half blue over white


def test_grey_with_alpha_and_plain_grey(tmp_path):
    Image.new("LA", (2, 2), (0, 0)).save(tmp_path / "la.png")
    Image.new("L", (2, 2), 77).save(tmp_path / "l.png")
    Image.new("1", (2, 2), 1).save(tmp_path / "bw.bmp")
    assert load_rgb(tmp_path / "la.png").getpixel((0, 0)) == (255, 255, 255)
    assert load_rgb(tmp_path / "l.png").getpixel((0, 0)) == (77, 77, 77)
    assert load_rgb(tmp_path / "bw.bmp").getpixel((0, 0)) == (255, 255, 255)


def test_palette_gif_with_transparency_and_first_frame(tmp_path):
    path = tmp_path / "anim.gif"
    first = Image.new("P", (6, 6), 0)
    first.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * (256 * 3 - 9))
    first.paste(1, (0, 0, 3, 6))  # left half red, right half index 0 = transparent
    second = first.copy()
    second.paste(2, (0, 0, 6, 6))  # all blue
    first.save(path, save_all=True, append_images=[second], transparency=0, duration=100, disposal=2)
    assert Image.open(path).n_frames == 2
    image = load_rgb(path)
    assert image.mode == "RGB"
    assert image.getpixel((1, 3)) == (255, 0, 0)  # first frame, not the blue second one
    assert image.getpixel((5, 3)) == (255, 255, 255)  # transparent on white


def test_exif_orientation_is_applied(tmp_path):
    path = tmp_path / "rotated.jpg"
    stored = Image.new("RGB", (40, 20), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 20, 20))  # left half red as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    stored.save(path, exif=exif, quality=95)
    image = load_rgb(path)
    assert image.size == (20, 40)
    top, bottom = image.getpixel((10, 5)), image.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60  # the stored left side is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_unicode_and_space_paths(tmp_path):
    folder = tmp_path / "我的 图片" / "ünïcödé folder"
    folder.mkdir(parents=True)
    path = folder / "猫 photo 1.JPG"
    noisy_rgb(10, 8).save(path, "JPEG")
    assert looks_like_image(path)
    assert load_rgb(path).size == (10, 8)
    assert check_image(path).width == 10


def test_formats_and_extension_case(tmp_path):
    for fmt, name in (("PNG", "a.PNG"), ("BMP", "b.Bmp"), ("TIFF", "c.TIF"), ("WEBP", "d.webp"),
                      ("GIF", "e.GIF"), ("JPEG", "f.JPEG")):
        path = tmp_path / name
        noisy_rgb(9, 7).save(path, fmt)
        assert looks_like_image(path), name
        assert load_rgb(path).size == (9, 7), name
        assert check_image(path).format == fmt, name


def test_extensionless_png_is_recognised_by_content(tmp_path):
    picture, notes = tmp_path / "picture", tmp_path / "README"
    noisy_rgb(5, 5).save(picture, "PNG")
    notes.write_text("hello")
    assert looks_like_image(picture)
    assert not looks_like_image(notes)
    assert load_rgb(picture).size == (5, 5)


def test_draft_mode_decodes_large_jpeg_at_reduced_scale(tmp_path):
    path = tmp_path / "photo.jpg"
    noisy_rgb(800, 600).save(path, quality=90)
    reduced = load_rgb(path, min_size=100)
    assert min(reduced.size) >= 100
    assert reduced.size == (200, 150)  # 1/4 scale keeps the short side >= 100
    assert load_rgb(path).size == (800, 600)
    assert load_rgb(path, min_size=500).size == (800, 600)


def test_missing_empty_and_unsupported_files(tmp_path):
    assert decode_kind(tmp_path / "gone.jpg") == "unreadable"
    assert decode_kind(tmp_path) == "unreadable"  # a folder
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert decode_kind(empty) == "corrupt"
    heic = tmp_path / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    with pytest.raises(ImageDecodeError) as caught:
        load_rgb(heic)
    assert caught.value.kind == "not_image" and "HEIC" in str(caught.value)


def test_corrupt_jpeg_body(tmp_path):
    buffer = io.BytesIO()
    noisy_rgb(64, 64).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    data[2:40] = b"\x00" * 38  # wreck the headers after the start marker
    path = tmp_path / "broken.jpg"
    path.write_bytes(bytes(data))
    assert decode_kind(path) in ("corrupt", "not_image")


def test_os_litter_names():
    for name in (".DS_Store", "Thumbs.db", "thumbs.db", "desktop.ini", "Desktop.ini", "._photo.jpg", ".hidden",
                 "__MACOSX", "~$draft.jpg"):
        assert is_os_litter(name), name
    for name in ("photo.jpg", "cat", "Thumbs.jpg"):
        assert not is_os_litter(name), name


def test_a_png_with_a_bad_checksum_is_damaged_not_a_non_picture(tmp_path):
    buffer = io.BytesIO()
    noisy_rgb(20, 10).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[29] ^= 0xFF  # the last byte of the IHDR chunk's CRC
    path = tmp_path / "bad-crc.png"
    path.write_bytes(bytes(data))
    assert decode_kind(path) == "corrupt"
    with pytest.raises(ImageDecodeError) as caught:
        check_image(bytes(data), path.name)
    assert caught.value.kind == "corrupt" and "damaged" in str(caught.value)
