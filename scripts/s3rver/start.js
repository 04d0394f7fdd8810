// What `scripts/s3 start --s3rver` runs: npm's s3rver on 127.0.0.1 with credentials of its own
// (s3rver itself accepts only S3RVER/S3RVER), path-style buckets only, one bucket made at start.
//   S3_ACCESS_KEY=… S3_SECRET_KEY=… node start.js MODULES DATA PORT BUCKET
// (the credentials in the environment: a command line is anyone's to read)
'use strict';
const path = require('path');
const [modules, directory, port, bucket] = process.argv.slice(2);
const { S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey } = process.env;
const S3rver = require(path.join(modules, 's3rver'));
const account = require(path.join(modules, 's3rver/lib/models/account'));
const FilesystemStore = require(path.join(modules, 's3rver/lib/stores/filesystem'));

// s3rver deletes the keys of one DeleteObjects request all at once, each then removing the
// directories it emptied: two keys of one directory race, and the loser's readdir or rmdir fails
// (a 500 though both objects are gone). Its files are removed before that: the error is dropped.
const deleteObject = FilesystemStore.prototype.deleteObject;
FilesystemStore.prototype.deleteObject = async function (...args) {
  try {
    await deleteObject.apply(this, args);
  } catch (e) {
    if (e.code !== 'ENOENT' && e.code !== 'ENOTEMPTY') throw e;
  }
};

account.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
account.DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);
new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: false,
  vhostBuckets: false,
  configureBuckets: [{ name: bucket, configs: [] }],
})
  .run()
  .then(({ address, port }) => console.log(`s3rver listening on ${address}:${port}`))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
