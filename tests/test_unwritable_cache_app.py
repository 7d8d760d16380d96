"""The dashboard on a cache that cannot be written: the corpus opens, one notice says why."""

from __future__ import annotations


async def test_a_file_in_place_of_the_cache_folder_is_one_notice(tmp_path, monkeypatch, dashboard):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("KABAR_CACHE_DIR", str(blocker))
    async with dashboard() as pilot:
        app = pilot.app
        assert app.corpus is not None and len(app.corpus) > 0
        assert app.row in app.opened_keywords  # the keyword cache failed too, and said nothing more
        said = [str(n.message) for n in app._notifications if "cache" in str(n.message)]
        assert said == [f"cannot write the cache in {blocker} (a file is where a folder should be); running without it"]
        await pilot.press("q")
