package dev.c2a.store;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The keys under a prefix, a page (up to 1000 keys) at a time as the caller reads on: ListObjectsV2's
 * paginator, with the store's prefix taken off each key and the SDK's failures made
 * {@link UncheckedIOException}s, as {@link ObjectStore#list} promises.
 */
final class S3Listing implements Iterator<ObjectStore.Entry> {
    private final Iterator<ListObjectsV2Response> pages;
    private final String root;
    private final String prefix;
    private final S3Errors errors;
    private Iterator<S3Object> page = Collections.emptyIterator();

    private S3Listing(Iterator<ListObjectsV2Response> pages, String root, String prefix, S3Errors errors) {
        this.pages = pages;
        this.root = root;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** Asks for the first page now: a store that cannot be reached fails here, with a checked exception. */
    static Stream<ObjectStore.Entry> of(S3Client s3, String bucket, String root, String prefix, S3Errors errors)
            throws IOException {
        S3Listing listing;
        try {
            listing = new S3Listing(s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root + prefix)).iterator(),
                    root, prefix, errors);
            listing.hasNextOrThrow();
        } catch (SdkException e) {
            throw errors.of("list '" + prefix + "'", e);
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(listing, Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        try {
            return hasNextOrThrow();
        } catch (SdkException e) {
            throw new UncheckedIOException(errors.of("list '" + prefix + "'", e));
        }
    }

    @Override
    public ObjectStore.Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        S3Object o = page.next();
        return new ObjectStore.Entry(o.key().substring(root.length()), o.size(), o.lastModified());
    }

    private boolean hasNextOrThrow() {
        while (!page.hasNext() && pages.hasNext()) {
            page = pages.next().contents().iterator();
        }
        return page.hasNext();
    }
}
