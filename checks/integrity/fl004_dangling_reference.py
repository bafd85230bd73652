"""FL004 dangling-reference."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from factlint.identity import id_strings
from factlint.rules import RuleContext, rule

# Mention kinds whose value names a reference entity, and the one whose value is a scope code.
_ENTITY_KINDS = ["person", "place", "organisation", "title", "agreement"]
_ENTITY_CLAIM_FIELDS = ["agreement", "place", "person", "office"]
_ENTITY_CLAIM_LISTS = ["participants", "parties"]


@rule(
    code="FL004",
    name="dangling-reference",
    severity="error",
    requires=("articles", "mentions", "claims", "entities", "scopes"),
)
def dangling_reference(ctx: RuleContext) -> pl.LazyFrame:
    """An id refers to something that does not exist.

    What it checks:
        Every reference resolves: mention and claim -> article; claim -> its mentions (in the
        same article), its date mention; mention `anchor` / `same_as` -> mention; mention value
        -> reference entity (people, places, organisations, titles, agreements) or scope code;
        claim participants, parties, agreement, place, person, office -> entity; claim scopes ->
        scope code; reference tables -> entities and scopes.

    Why it matters:
        A claim that rests on a mention that does not exist, or names an entity the reference
        tables do not know, has no provenance; cross-article rules would silently skip it.

    Example:
        `{"claim_id": "seed-004-c003", "mention_ids": ["seed-004-m999"], ...}` where
        `seed-004-m999` is not a mention of seed-004.

    Passes:
        Every listed mention exists in the claim's own article.
    """
    articles = ctx.frame("articles").select("article_id")
    mentions = ctx.frame("mentions")
    claims = ctx.frame("claims")
    entity_ids = _Known(ctx.frame("entities").select(pl.col("entity_id").alias("target")))
    scope_codes = _Known(ctx.frame("scopes").select(pl.col("scope_code").alias("target")))
    to_articles = _Known(articles.rename({"article_id": "target"}))
    # A claim may only rest on mentions of its own article.
    same_article_mentions = _Known(
        mentions.select(
            pl.col("mention_id").alias("target"), pl.col("article_id").alias("target_article")
        ),
        same_article=True,
    )

    mention_refs = [
        _refs(claims, "claim", "claim_id", "mention_ids", many=True),
        _refs(claims, "claim", "claim_id", "date_mention"),
        _refs(mentions, "mention", "mention_id", "same_as"),
        _refs(
            mentions.filter(pl.col("anchor") != "publication"),
            "mention",
            "mention_id",
            "anchor",
        ),
    ]
    entity_refs = [
        _refs(
            mentions.filter(pl.col("kind").is_in(_ENTITY_KINDS)),
            "mention",
            "mention_id",
            "value",
        ),
        *(_refs(claims, "claim", "claim_id", f) for f in _ENTITY_CLAIM_FIELDS),
        # As strings: the loader holds these lists as categoricals, whose hashes are not
        # their strings' (`factlint.identity.id_strings`).
        *(
            _refs(claims.lazy().with_columns(id_strings(f)), "claim", "claim_id", f, many=True)
            for f in _ENTITY_CLAIM_LISTS
        ),
        _reference_refs(ctx, "aliases", "entity_id"),
        _reference_refs(ctx, "office_holders", "office_id"),
        _reference_refs(ctx, "office_holders", "person_id"),
        _reference_refs(ctx, "agreement_parties", "agreement_id"),
        _reference_refs(ctx, "agreement_parties", "party_id"),
    ]
    scope_refs = [
        _refs(mentions.filter(pl.col("kind") == "scope"), "mention", "mention_id", "value"),
        _refs(claims, "claim", "claim_id", "scopes", many=True),
        _reference_refs(ctx, "scope_phrases", "scope_code"),
    ]
    # Each kind of reference is checked on its own and labelled only when it dangles: the
    # labels of millions of references that resolve are never built.
    dangling = pl.concat(
        [
            *(
                refs.missing(to_articles, "article")
                for refs in (
                    _refs(mentions, "mention", "mention_id", "article_id"),
                    _refs(claims, "claim", "claim_id", "article_id"),
                )
            ),
            *(
                refs.missing(same_article_mentions, "mention of the same article")
                for refs in mention_refs
            ),
            *(refs.missing(entity_ids, "reference entity") for refs in entity_refs),
            *(refs.missing(scope_codes, "scope code") for refs in scope_refs),
        ]
    )
    return dangling.select(
        message=pl.format(
            "{} {}: {} refers to {}, which is not a known {}",
            pl.col("source_kind"),
            pl.col("source_id").fill_null("<no id>"),
            pl.col("field"),
            pl.col("target"),
            pl.col("target_kind"),
        ),
        article_ids=pl.concat_list(pl.col("article_id")).list.drop_nulls(),
        claim_ids=pl.when(pl.col("source_kind") == "claim")
        .then(pl.concat_list(pl.col("source_id")))
        .otherwise(pl.lit([], dtype=pl.List(pl.String))),
        mention_ids=pl.when(pl.col("source_kind") == "mention")
        .then(pl.concat_list(pl.col("source_id")))
        .otherwise(pl.lit([], dtype=pl.List(pl.String))),
        key=pl.concat_str(
            [pl.col("source_kind"), pl.col("source_id"), pl.col("field"), pl.col("target")],
            separator="|",
            ignore_nulls=True,
        ),
    )


@dataclass(frozen=True)
class _Known:
    """What references may point to: `target` (and `target_article` when a reference must
    point into its holder's own article)."""

    rows: pl.LazyFrame
    same_article: bool = False

    def hashed(self) -> pl.LazyFrame:
        """One `_KEY` per known target: `_key` of its strings."""
        return self.rows.select(
            _KEY=_key(
                pl.col("target").hash(),
                _article_hash(pl.col("target_article")) if self.same_article else None,
            )
        )

    def exact(self, refs: pl.LazyFrame, rows: pl.LazyFrame | None = None) -> pl.LazyFrame:
        """The reference rows whose target is not known (in `rows`, a part of the known rows
        that holds every possible match, else all of them), compared on the strings."""
        rows = self.rows if rows is None else rows
        if self.same_article:
            return refs.join(
                rows,
                left_on=["target", "article_id"],
                right_on=["target", "target_article"],
                how="anti",
            )
        return refs.join(rows, on="target", how="anti")


@dataclass(frozen=True)
class _Refs:
    """The references held in one field of `holders`: who holds them (`id_column`, or the
    field itself in a reference table), in which article, to what."""

    holders: pl.LazyFrame
    source_kind: str
    id_column: str | None
    field: str
    many: bool = False

    def rows(self, holders: pl.LazyFrame | None = None) -> pl.LazyFrame:
        """One row per reference: `source_id`, `article_id`, `target`."""
        frame = self.holders if holders is None else holders
        out = frame.select(
            pl.col(self.id_column or self.field).alias("source_id"),
            pl.col("article_id")
            if self.id_column
            else pl.lit(None, dtype=pl.String).alias("article_id"),
            pl.col(self.field).alias("target"),
        )
        if self.many:
            out = out.explode("target")
        return out.filter(pl.col("target").is_not_null())

    def missing(self, known: _Known, target_kind: str) -> pl.LazyFrame:
        """The references whose target is not in `known`, labelled.

        The millions of references of articles, mentions and claims, nearly all of which
        resolve, are first compared as u64 hashes (`_key`) with only a row number
        alongside; the few holders with a reference whose hash is unknown are then checked
        again on the strings, so what is reported is exact. A dangling reference whose hash
        happens to equal a known key's (odds about n / 2**64, n known keys) would pass
        unseen: the price of not exploding and joining the strings.
        """
        if self.id_column is None:  # a reference table: a few thousand rows
            return self._labelled(known.exact(self.rows()), target_kind)
        holders = self.holders.with_row_index("_row")
        target = pl.col(self.field)
        hashes = (
            # A null item hashes to some value too: its holder may become a suspect, and the
            # exact check then drops the null as `rows` does (list.drop_nulls costs more).
            target.list.eval(pl.element().hash())
            if self.many
            else pl.when(target.is_not_null()).then(target.hash())
        )
        # An article's hash is taken once per holder, before the explode.
        article = _article_hash(pl.col("article_id")) if known.same_article else pl.lit(0)
        keys = holders.select("_row", _KEY=hashes, _ARTICLE=article)
        if self.many:
            keys = keys.explode("_KEY")
        suspects = (
            keys.filter(pl.col("_KEY").is_not_null())
            .select(
                "_row",
                _KEY=_key(pl.col("_KEY"), pl.col("_ARTICLE") if known.same_article else None),
            )
            .join(known.hashed(), on="_KEY", how="anti")
            .select("_row")
            .unique()
            .collect()
            .to_series()
        )
        # Few rows, if any: a filter on them is cheaper than a join.
        suspected = self.rows(
            holders.filter(pl.col("_row").is_in(suspects.implode())).drop("_row")
        ).collect()
        # Only the known rows that could match them, so that no hash table of the whole
        # known table is built for a handful of references.
        candidates = known.rows.filter(pl.col("target").is_in(suspected["target"].implode()))
        return self._labelled(known.exact(suspected.lazy(), candidates), target_kind)

    def _labelled(self, rows: pl.LazyFrame, target_kind: str) -> pl.LazyFrame:
        return rows.select(
            pl.lit(self.source_kind).alias("source_kind"),
            "source_id",
            "article_id",
            pl.lit(self.field).alias("field"),
            "target",
            pl.lit(target_kind).alias("target_kind"),
        )


# The seed of an article id's hash in `_key`, another than the target's (the default, 0).
_ARTICLE_SEED = 1


def _article_hash(article: pl.Expr) -> pl.Expr:
    """An article id's hash, null for a null id (Polars hashes a null to a number, which
    would let two rows without an article match)."""
    return pl.when(article.is_not_null()).then(article.hash(_ARTICLE_SEED))


def _key(target_hash: pl.Expr, article_hash: pl.Expr | None) -> pl.Expr:
    """A reference's u64 key: its target's hash, mixed with its article's when it must point
    into that article. Null when the article is: a null never matches, as in a join on the
    strings, so such a reference goes on to the exact check."""
    return target_hash if article_hash is None else target_hash.xor(article_hash)


def _refs(
    frame: pl.LazyFrame, source_kind: str, id_column: str, field: str, *, many: bool = False
) -> _Refs:
    """The references held in `field` of `frame`'s rows (named by `id_column`)."""
    return _Refs(frame, source_kind, id_column, field, many)


def _reference_refs(ctx: RuleContext, table: str, field: str) -> _Refs:
    """References held by a reference table (no article, the row is named by its field)."""
    return _Refs(ctx.frame(table), f"{table} row", None, field)
