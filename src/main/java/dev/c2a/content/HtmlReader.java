package dev.c2a.content;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.select.Elements;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * A web page: its main article only. Navigation, scripts, styles, forms, footers, sidebars, cookie
 * and newsletter banners are removed first; then the article (or main, or body) is read.
 */
final class HtmlReader implements ContentReader {
    private static final String JUNK = "nav, footer, aside, form, dialog, menu, [role=navigation], [role=banner],"
            + " [role=contentinfo], [role=complementary], [role=search], [role=dialog], [role=alert]";
    /** Class and id words of page furniture: matched as whole words of the attribute. */
    private static final Pattern JUNK_NAMES = Pattern.compile("(?i)(^|[\\s_-])(cookies?|consent|gdpr|newsletter"
            + "|subscribe|subscription|share|sharing|social|advert|advertisement|ads?|promo|breadcrumbs?|sidebar"
            + "|related|comments?|popup|modal|navbar|nav|menu|footer|skip-link|paywall)([\\s_-]|$)");

    private final TagLimit tags;

    /** @param heapBytes the most the heap may grow to, which bounds the page's tags ({@link TagLimit}) */
    HtmlReader(long heapBytes) {
        this.tags = new TagLimit(heapBytes);
    }

    @Override
    public Document read(Content content, ReadingPolicy policy) {
        Parser parser = Parser.htmlParser().setTrackPosition(true);
        org.jsoup.nodes.Document page = Jsoup.parse(tags.check(content.text(), "the HTML"), "", parser);
        // before anything measures text: an article's text is its subtree's, so nested articles cost the square
        HtmlBlocks.checkDepth(page.body(), null);
        page.select(JUNK).remove();
        for (Element e : page.body().select("[class], [id]")) {
            if (e.parent() != null && (JUNK_NAMES.matcher(e.className()).find() || JUNK_NAMES.matcher(e.id()).find())) {
                e.remove();
            }
        }
        page.select("body > header").remove();
        ChapterBuilder out = new ChapterBuilder(null, null);
        new HtmlBlocks(policy, out).read(main(page), null);
        return new Document(title(page), meta(page, "author"), language(page), null, out.chapters(), out.split());
    }

    /** The article with the most text, else main, else the body. */
    private static Element main(org.jsoup.nodes.Document page) {
        Elements articles = page.select("article");
        if (!articles.isEmpty()) {
            return articles.stream().max(Comparator.comparingInt(a -> a.text().length())).orElseThrow();
        }
        Element main = page.selectFirst("main, [role=main]");
        return main != null ? main : page.body();
    }

    private static String title(org.jsoup.nodes.Document page) {
        String og = page.select("meta[property=og:title]").attr("content").strip();
        if (!og.isEmpty()) {
            return og;
        }
        String title = page.title().strip();
        if (!title.isEmpty()) {
            return title;
        }
        Element h1 = page.selectFirst("h1");
        return h1 == null ? null : h1.text();
    }

    private static String meta(org.jsoup.nodes.Document page, String name) {
        String v = page.select("meta[name=" + name + "]").attr("content").strip();
        return v.isEmpty() ? null : v;
    }

    private static String language(org.jsoup.nodes.Document page) {
        Element html = page.selectFirst("html");
        String lang = html == null ? "" : html.attr("lang").strip();
        return lang.isEmpty() ? null : lang;
    }
}
