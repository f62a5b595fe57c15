package dev.cairn.cli.backup;

import dev.cairn.cli.config.S3Options;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * One bucket through the AWS SDK: everything on one synchronous client (URL connection; {@code UNSIGNED-PAYLOAD}: each
 * body is protected by its checksum headers) — listings, HEADs, the manifest, files up to 1 MiB and the parts of
 * multipart uploads — except single PUTs of files between 1 MiB and the part size, which go through the S3 Transfer
 * Manager on an {@link S3AsyncClient} (Netty, no CRT), built only when a backup has such a file: a backup of small and
 * large files only loads and compiles one SDK client, not two. Calls block unless they return a future.
 */
public final class S3Store implements AutoCloseable {

    /** Metadata key of the file's SHA-256 (hex) on every object a backup writes. */
    public static final String SHA256_METADATA = "sha256";

    private final String bucket;
    private final S3Options.Resolved options;
    private final int concurrency;
    private final S3Client sync;
    private final long partSize;
    private Transfers transfers; // built on first use, guarded by this

    public S3Store(S3Options.Resolved s3, String bucket, int concurrency, long partSize) {
        this.bucket = bucket;
        this.options = s3;
        this.concurrency = concurrency;
        this.partSize = partSize;
        // the synchronous client costs far less CPU per request than the async pipeline, and it sends a byte array
        // as it is
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration readTimeout = Duration.ofMinutes(2);
        // the parts of a multipart upload are written by LargeBodyHttpClient, everything else by the SDK's client
        SdkHttpClient http = LargeBodyHttpClient.create(s3.endpoint(), connectTimeout, readTimeout);
        S3ClientBuilder syncBuilder = S3Client.builder()
                .httpClient(http)
                .forcePathStyle(s3.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(6)
                                .build())
                        .addExecutionInterceptor(new NoExpectContinue()))
                .putAuthScheme(new UnsignedPayloadAuthScheme());
        if (s3.endpoint() != null) {
            syncBuilder.endpointOverride(s3.endpoint());
        }
        if (s3.region() != null) {
            syncBuilder.region(Region.of(s3.region()));
        }
        this.sync = syncBuilder.build();
    }

    /** The Transfer Manager, its async client and their Netty event loops, for files between 1 MiB and a part. */
    private record Transfers(
            NioEventLoopGroup eventLoops, SdkAsyncHttpClient http, S3AsyncClient client, S3TransferManager manager)
            implements AutoCloseable {

        static Transfers build(S3Options.Resolved s3, int concurrency, long partSize) {
            // our own event loops, shut down without Netty's 2-second quiet period when the command ends
            NioEventLoopGroup eventLoops =
                    new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
            SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder()
                    .eventLoopGroup(SdkEventLoopGroup.create(eventLoops, NioSocketChannel::new))
                    .maxConcurrency(Math.max(concurrency * 2, 16))
                    .connectionAcquisitionTimeout(Duration.ofMinutes(2))
                    .build();
            S3AsyncClient client = builder(s3, http)
                    .multipartEnabled(true)
                    .multipartConfiguration(MultipartConfiguration.builder()
                            .thresholdInBytes(partSize)
                            .minimumPartSizeInBytes(partSize)
                            .build())
                    .build();
            return new Transfers(
                    eventLoops,
                    http,
                    client,
                    S3TransferManager.builder().s3Client(client).build());
        }

        @Override
        public void close() {
            manager.close();
            client.close();
            http.close();
            eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private synchronized S3TransferManager transfers() {
        if (transfers == null) {
            transfers = Transfers.build(options, concurrency, partSize);
        }
        return transfers.manager();
    }

    private static S3AsyncClientBuilder builder(S3Options.Resolved s3, SdkAsyncHttpClient http) {
        S3AsyncClientBuilder b = S3AsyncClient.builder()
                .httpClient(http)
                .forcePathStyle(s3.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(6)
                        .build()));
        if (s3.endpoint() != null) {
            b.endpointOverride(s3.endpoint());
        }
        if (s3.region() != null) {
            b.region(Region.of(s3.region()));
        }
        return b;
    }

    public String bucket() {
        return bucket;
    }

    /** Uploads of at least this size go in parts of this size. */
    public long partSize() {
        return partSize;
    }

    /** Fails (as a CLI error naming {@code --bucket} or the credentials) unless the bucket exists and is ours. */
    public void checkBucket() {
        // the synchronous client: a refused connection fails at once there, while the Netty pool can wait out its
        // whole acquisition timeout (two minutes) before it reports an S3 that is not listening
        call(() -> sync.headBucket(b -> b.bucket(bucket)), "bucket " + bucket);
    }

    /** Every key under {@code prefix} with its size. */
    public Map<String, Long> list(String prefix) {
        return call(
                () -> {
                    Map<String, Long> out = new HashMap<>();
                    for (S3Object o : sync.listObjectsV2Paginator(
                                    b -> b.bucket(bucket).prefix(prefix))
                            .contents()) {
                        out.put(o.key(), o.size());
                    }
                    return out;
                },
                "listing s3://" + bucket + "/" + prefix);
    }

    /** The "folders" directly under {@code prefix} (common prefixes with delimiter '/'). */
    public List<String> folders(String prefix) {
        return call(
                () -> {
                    List<String> out = new ArrayList<>();
                    for (CommonPrefix p : sync.listObjectsV2Paginator(
                                    b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
                            .commonPrefixes()) {
                        out.add(p.prefix());
                    }
                    return out;
                },
                "listing s3://" + bucket + "/" + prefix);
    }

    /**
     * The object's metadata, with its checksum (S3's full-object CRC32C of a multipart upload), if it exists. Blocks
     * the calling thread.
     */
    public Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(sync.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(
                    sync.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (RuntimeException e) {
            if (S3Errors.unwrap(e) instanceof NoSuchKeyException) {
                return Optional.empty();
            }
            throw S3Errors.toCli(e, "reading s3://" + bucket + "/" + key, bucket);
        }
    }

    /** Puts a small object (the manifest) with its checksums; {@code onlyIfAbsent} adds {@code If-None-Match: *}. */
    public PutObjectResponse put(String key, byte[] body, Digest digest, String contentType, boolean onlyIfAbsent) {
        PutObjectRequest.Builder r = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentMD5(digest.md5Base64())
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(digest.sha256Base64())
                .metadata(Map.of(SHA256_METADATA, digest.sha256Hex()));
        if (onlyIfAbsent) {
            r.ifNoneMatch("*");
        }
        return sync.putObject(r.build(), RequestBody.fromBytes(body));
    }

    /**
     * Uploads {@code file} (at most the part size) to {@code key} in one PUT with Content-MD5 and
     * x-amz-checksum-sha256: S3 refuses a body that does not match them. Larger files go through
     * {@link MultipartUpload}.
     */
    public CompletableFuture<PutObjectResponse> upload(
            LocalFile file, String key, Digest digest, TransferListener progress) {
        PutObjectRequest.Builder r = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .metadata(Map.of(SHA256_METADATA, digest.sha256Hex()));
        if (digest.md5Base64() != null) {
            r.checksumAlgorithm(ChecksumAlgorithm.SHA256)
                    .contentMD5(digest.md5Base64())
                    .checksumSHA256(digest.sha256Base64());
        } else {
            r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        }
        return transfers()
                .uploadFile(UploadFileRequest.builder()
                        .putObjectRequest(r.build())
                        .source(file.path())
                        .addTransferListener(progress)
                        .build())
                .completionFuture()
                .thenApply(done -> done.response());
    }

    /**
     * Uploads a small file's bytes (already read and hashed) in one PUT with Content-MD5 and x-amz-checksum-sha256:
     * S3 refuses a body that does not match them.
     */
    public PutObjectResponse putSmall(String key, byte[] body, Digest digest) {
        return sync.putObject(
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentMD5(digest.md5Base64())
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                        .checksumSHA256(digest.sha256Base64())
                        .metadata(Map.of(SHA256_METADATA, digest.sha256Hex()))
                        .build(),
                RequestBody.fromBytes(body));
    }

    /**
     * Starts a multipart upload whose object S3 will give a full-object CRC32C (checked against the one sent at
     * completion); returns its upload id.
     */
    public String startMultipart(String key) {
        return sync.createMultipartUpload(b -> b.bucket(bucket)
                        .key(key)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
                        .checksumType(ChecksumType.FULL_OBJECT))
                .uploadId();
    }

    /** Sends one part from {@code buffer[0, length)} with its CRC32C, which S3 checks against the body. */
    public CompletedPart uploadPart(String key, String uploadId, int number, byte[] buffer, int length, String crc32c) {
        UploadPartResponse r = sync.uploadPart(
                b -> b.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(number)
                        .contentLength((long) length)
                        .checksumCRC32C(crc32c),
                RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream"));
        return CompletedPart.builder()
                .partNumber(number)
                .eTag(r.eTag())
                .checksumCRC32C(crc32c)
                .build();
    }

    /** Completes the upload; S3 refuses it unless the parts, put together, have the full-object CRC32C given. */
    public CompleteMultipartUploadResponse completeMultipart(
            String key, String uploadId, List<CompletedPart> parts, String crc32c) {
        return sync.completeMultipartUpload(b -> b.bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .checksumCRC32C(crc32c)
                .checksumType(ChecksumType.FULL_OBJECT)
                .multipartUpload(m -> m.parts(parts)));
    }

    /** Aborts an upload that failed (its parts would otherwise be kept, and billed, until a lifecycle rule ends them). */
    public void abortMultipart(String key, String uploadId) {
        try {
            sync.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            // best effort: the upload's own failure is what gets reported
        }
    }

    /**
     * Small bodies go without {@code Expect: 100-continue}: waiting for the server's go-ahead costs a round trip per
     * file and saves nothing when the whole body is a few KiB.
     */
    private static final class NoExpectContinue implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    }

    private <T> T call(Supplier<T> request, String what) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            throw S3Errors.toCli(e, what, bucket);
        }
    }

    @Override
    public synchronized void close() {
        sync.close();
        if (transfers != null) {
            transfers.close();
        }
    }
}
