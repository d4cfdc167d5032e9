//! Company sign-up.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::account::{signup_choices, SignupCompany};
use crate::components::company_fields::CompanyIdentityFields;
use crate::components::form::{action_errors, FormAlert, SelectField, TextField};
use crate::pages::{loaded, loading};

/// Creates a company account: company, SIRET, platform, first user.
#[component]
pub fn SignupPage() -> impl IntoView {
    let signup = ServerAction::<SignupCompany>::new();
    let errors = action_errors(signup.value());
    let choices = Resource::new(|| (), |_| signup_choices());
    view! {
        <Title text="Inscrire mon entreprise"/>
        <section class="narrow" aria-labelledby="signup-title">
            <h1 id="signup-title">"Inscrire mon entreprise"</h1>
            <p>"Les champs marqués d'un astérisque (*) sont obligatoires."</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(choices.await, |choices| {
                        let options = choices
                            .platforms
                            .into_iter()
                            .map(|p| (p.id.to_string(), p.name))
                            .collect::<Vec<_>>();
                        let naf = choices.naf;
                        let datalist = choices
                            .communes
                            .iter()
                            .map(|c| view! { <option value=c.label()></option> })
                            .collect_view();
                        view! {
                            <ActionForm action=signup attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <fieldset>
                                    <legend>"Votre entreprise"</legend>
                                    <CompanyIdentityFields errors naf/>
                                    <TextField name="commune" label="Commune de l'établissement" hint="Choisissez dans la liste des communes couvertes par les plateformes : la plateforme s'en déduit." list="signup-communes" autocomplete="off" required=true errors/>
                                    <datalist id="signup-communes">{datalist}</datalist>
                                    <SelectField name="platform_id" label="Votre plateforme Proch'Emploi" options placeholder="Trouvée d'après la commune" errors/>
                                </fieldset>
                                <fieldset>
                                    <legend>"Vous"</legend>
                                    <TextField name="full_name" label="Prénom et nom" autocomplete="name" required=true errors/>
                                    <TextField name="email" label="Adresse e-mail" kind="email" autocomplete="email" required=true errors/>
                                    <TextField name="password" label="Mot de passe" kind="password" autocomplete="new-password" hint="12 caractères au moins ; une phrase facile à retenir convient." required=true errors/>
                                    <TextField name="password_confirm" label="Confirmez le mot de passe" kind="password" autocomplete="new-password" required=true errors/>
                                </fieldset>
                                <button type="submit" class="button" disabled=move || signup.pending().get()>"Créer le compte"</button>
                            </ActionForm>
                        }
                        .into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}
