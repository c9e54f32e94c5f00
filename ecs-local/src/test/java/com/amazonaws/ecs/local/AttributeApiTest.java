package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.AttributeLimitExceededException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListAttributesResponse;
import software.amazon.awssdk.services.ecs.model.TargetNotFoundException;
import software.amazon.awssdk.services.ecs.model.TargetType;

class AttributeApiTest extends EcsLocalTestBase {
    private static final String UNKNOWN = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/"
            + "0123456789abcdef0123456789abcdef";

    @Test
    void putAttributesAddsCustomAttributesThatDescribeShows() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);

        List<Attribute> echoed = ecs.putAttributes(r -> r.attributes(attr("stack", "blue", ci), attr("gpu-ready", null,
                ci))).attributes();

        assertThat(echoed).extracting(Attribute::name).containsExactly("stack", "gpu-ready");
        assertThat(echoed).extracting(Attribute::targetId).containsOnly(ci);
        assertThat(customAttributes(ci)).containsExactlyInAnyOrder(plain("stack", "blue"), plain("gpu-ready", null));

        ecs.putAttributes(r -> r.attributes(attr("stack", "green", ci)));
        assertThat(customAttributes(ci)).as("a put replaces the value").contains(plain("stack", "green"))
                .doesNotContain(plain("stack", "blue"));
    }

    @Test
    void putAttributesAcceptsTheIdOfTheInstanceAsTarget() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
        String id = ci.substring(ci.lastIndexOf('/') + 1);

        ecs.putAttributes(r -> r.attributes(attr("stack", "blue", id)));

        assertThat(customAttributes(ci)).containsExactly(plain("stack", "blue"));
    }

    @Test
    void moreThan10AttributesInOneCallAreRefused() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
        List<Attribute> eleven = IntStream.range(0, 11).mapToObj(i -> attr("a" + i, "v", ci)).toList();

        assertThatThrownBy(() -> ecs.putAttributes(r -> r.attributes(eleven)))
                .isInstanceOf(AttributeLimitExceededException.class);
        assertThat(customAttributes(ci)).isEmpty();
    }

    @Test
    void aResourceHoldsAtMost10CustomAttributes() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
        ecs.putAttributes(r -> r.attributes(IntStream.range(0, 10).mapToObj(i -> attr("a" + i, "v", ci)).toList()));

        ecs.putAttributes(r -> r.attributes(attr("a3", "changed", ci)));
        assertThatThrownBy(() -> ecs.putAttributes(r -> r.attributes(attr("eleventh", "v", ci))))
                .isInstanceOf(AttributeLimitExceededException.class);

        assertThat(customAttributes(ci)).hasSize(10).contains(plain("a3", "changed"));
    }

    @Test
    void anUnknownTargetIsRefusedAndTheCallChangesNothing() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);

        assertThatThrownBy(() -> ecs.putAttributes(r -> r.attributes(attr("stack", "blue", ci),
                attr("stack", "blue", UNKNOWN)))).isInstanceOf(TargetNotFoundException.class);
        assertThatThrownBy(() -> ecs.deleteAttributes(r -> r.attributes(attr("ecs.os-type", null, ci),
                attr("stack", null, UNKNOWN)))).isInstanceOf(TargetNotFoundException.class);

        assertThat(customAttributes(ci)).isEmpty();
        assertThat(describeAttributes(ci)).extracting(Attribute::name).contains("ecs.os-type");
    }

    @Test
    void anInvalidValueLaterInTheCallChangesNothing() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);

        assertThatThrownBy(() -> ecs.putAttributes(r -> r.attributes(attr("ok", "fine", ci),
                attr("bad", "semi;colon", ci)))).isInstanceOf(InvalidParameterException.class);

        assertThat(customAttributes(ci)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "semi;colon", "quote\"", "star*"})
    void attributeNamesAreChecked(String name) {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);

        assertThatThrownBy(() -> ecs.putAttributes(r -> r.attributes(attr(name, "v", ci))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void attributeNamesOf128CharactersAreTheLimit() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);

        ecs.putAttributes(r -> r.attributes(attr("n".repeat(128), "v", ci)));
        assertThatThrownBy(() -> ecs.putAttributes(r -> r.attributes(attr("n".repeat(129), "v", ci))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listAttributesFiltersByNameAndValue() {
        List<String> cis = ecsLocal.addInstances("default", 3, 1024, 2048);
        ecs.putAttributes(r -> r.attributes(attr("stack", "blue", cis.get(0)), attr("stack", "green", cis.get(1)),
                attr("other", "blue", cis.get(2))));

        ListAttributesResponse byName = ecs.listAttributes(r -> r.targetType(TargetType.CONTAINER_INSTANCE)
                .attributeName("stack"));
        ListAttributesResponse byValue = ecs.listAttributes(r -> r.targetType(TargetType.CONTAINER_INSTANCE)
                .attributeName("stack").attributeValue("blue"));

        assertThat(byName.attributes()).extracting(Attribute::targetId).containsExactly(cis.get(0), cis.get(1));
        assertThat(byName.attributes()).extracting(Attribute::targetTypeAsString).containsOnly("container-instance");
        assertThat(byValue.attributes()).singleElement().satisfies(a -> {
            assertThat(a.targetId()).isEqualTo(cis.get(0));
            assertThat(a.value()).isEqualTo("blue");
        });
        assertThat(ecs.listAttributes(r -> r.targetType(TargetType.CONTAINER_INSTANCE)
                .attributeName("ecs.instance-type")).attributes()).as("built-in attributes too").hasSize(3);
    }

    @Test
    void listAttributesPagesThroughEveryAttributeOnce() {
        List<String> cis = ecsLocal.addInstances("default", 5, 1024, 2048);
        for (String ci : cis) {
            ecs.putAttributes(r -> r.attributes(attr("stack", "blue", ci)));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListAttributesResponse page = ecs.listAttributes(r -> r.targetType(TargetType.CONTAINER_INSTANCE)
                    .attributeName("stack").maxResults(2).nextToken(t));
            page.attributes().forEach(a -> seen.add(a.targetId()));
            sizes.add(page.attributes().size());
            token = page.nextToken();
        } while (token != null);

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyElementsOf(cis);
    }

    @Test
    void deleteAttributesRemovesThem() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
        ecs.putAttributes(r -> r.attributes(attr("stack", "blue", ci), attr("zone", "x", ci)));

        ecs.deleteAttributes(r -> r.attributes(attr("stack", null, ci)));

        assertThat(customAttributes(ci)).containsExactly(plain("zone", "x"));
        assertThat(ecs.listAttributes(r -> r.targetType(TargetType.CONTAINER_INSTANCE).attributeName("stack"))
                .attributes()).isEmpty();
    }

    private List<Attribute> describeAttributes(String ci) {
        return ecs.describeContainerInstances(r -> r.containerInstances(ci)).containerInstances().get(0).attributes();
    }

    private List<Attribute> customAttributes(String ci) {
        return describeAttributes(ci).stream().filter(a -> !a.name().startsWith("ecs.")).toList();
    }

    private static Attribute attr(String name, String value, String target) {
        return Attribute.builder().name(name).value(value).targetId(target).targetType(TargetType.CONTAINER_INSTANCE)
                .build();
    }

    private static Attribute plain(String name, String value) {
        return Attribute.builder().name(name).value(value).build();
    }
}
