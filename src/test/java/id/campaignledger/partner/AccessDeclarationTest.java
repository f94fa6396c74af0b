package id.campaignledger.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every API operation states who may call it; none is left open by omission. */
class AccessDeclarationTest {

    @Test
    void everyResourceMethodDeclaresItsRoles() throws IOException, ClassNotFoundException {
        List<String> undeclared = new ArrayList<>();
        int operations = 0;
        for (Class<?> resource : resourceClasses()) {
            for (Method method : resource.getDeclaredMethods()) {
                boolean operation = Arrays.stream(method.getAnnotations())
                        .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
                if (!operation) {
                    continue;
                }
                operations++;
                if (!method.isAnnotationPresent(Allowed.class) && !resource.isAnnotationPresent(Allowed.class)) {
                    undeclared.add(resource.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertTrue(operations > 0, "no resource methods found");
        assertEquals(List.of(), undeclared);
    }

    private static List<Class<?>> resourceClasses() throws IOException, ClassNotFoundException {
        java.nio.file.Path root = Paths.get("target/classes");
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.startsWith("id.campaignledger.")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, AccessDeclarationTest.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class) && type.getName().contains("campaignledger")) {
                    resources.add(type);
                }
            }
        }
        return resources;
    }
}
