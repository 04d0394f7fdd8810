package dev.c2a.store;

/** The contract on a directory, synced as with {@code durability = fsync}. */
class LocalObjectStoreTest extends ObjectStoreContract {

    @Override
    ObjectStore newStore() throws Exception {
        return new LocalObjectStore(temp.resolve("store"), true);
    }

    @Override
    boolean signsUrls() {
        return false;
    }
}
