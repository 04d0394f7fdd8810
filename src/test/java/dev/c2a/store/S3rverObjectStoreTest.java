package dev.c2a.store;

import dev.c2a.testing.S3;
import org.junit.jupiter.api.Tag;

/**
 * The contract, and the S3 store's own tests, on npm's s3rver: another server's reading of S3. It
 * takes aws-chunked uploads as they come, framing and all (the store sends none), checks no SigV4
 * signature, only the access key, and writes a new version over the old one in place (a reader may
 * get the start of one and the rest of the other: not S3's promise, so that test is skipped).
 */
@Tag(S3.TAG)
class S3rverObjectStoreTest extends S3ObjectStoreTest {

    @Override
    S3 server() {
        return S3.s3rver();
    }

    @Override
    boolean replacesAtomically() {
        return false;
    }

    @Override
    boolean checksSignatures() {
        return false;
    }
}
